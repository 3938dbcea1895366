"""App archetypes: the kinds of app people ask for, each with what such an app usually stores and offers.

Detection scores each archetype by its keywords in the prompt (the opening sentence, which names the app,
counts double). Defaults stand in only for what the prompt leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass

from .naming import Token, singular


@dataclass(frozen=True)
class Archetype:
    key: str
    keywords: dict[str, float]
    entities: tuple[str, ...]
    features: tuple[str, ...]
    dashboard: bool = False
    realtime: bool = False
    auth: bool = False
    suffix: str = "Hub"


def _kw(spec: str) -> dict[str, float]:
    """'dashboard:3 chart:1 ...' -> {'dashboard': 3.0, 'chart': 1.0}; multiword keys use '+'."""
    out = {}
    for item in spec.split():
        word, _, weight = item.partition(":")
        out[word.replace("+", " ")] = float(weight or 1)
    return out


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        "analytics_dashboard",
        _kw(
            "dashboard:3 analytics:3 analysis:1 visualization:2 chart:1 metric:2 kpi:2 report:1 statistics:1 insight:1"
        ),
        ("metric", "report"),
        ("Interactive Charts", "KPI Overview", "Filter by Date Range", "Export Reports"),
        dashboard=True,
        suffix="Dashboard",
    ),
    Archetype(
        "ecommerce",
        _kw(
            "e-commerce:4 ecommerce:4 shop:2 store:2 cart:3 checkout:3 product:2 order:1 payment:1 buyer:2 seller:2 "
            "marketplace:3 purchase:1 escrow:2 trading:1"
        ),
        ("product", "order"),
        ("Product Catalog", "Shopping Cart", "Checkout", "Order History"),
        suffix="Store",
    ),
    Archetype(
        "task_tracker",
        _kw(
            "todo:4 to-do:4 task:3 kanban:3 deadline:2 milestone:2 sprint:2 tracker:1 project+management:3 "
            "project:1 case+management:2 tracking:1"
        ),
        ("task", "project"),
        ("Create and Edit Tasks", "Mark Tasks Complete", "Filter by Status", "Due Date Reminders"),
        suffix="Tracker",
    ),
    Archetype(
        "chat",
        _kw("chat:4 messaging:3 message:2 conversation:2 chatroom:4 direct+message:3 sms:3 short+message:3"),
        ("message", "channel"),
        ("Real-Time Messaging", "Channels", "Message History", "Online Presence"),
        realtime=True,
        suffix="Chat",
    ),
    Archetype(
        "blog",
        _kw("blog:4 article:2 publishing:2 author:1 comment:1 post:1 mini-program:1"),
        ("post", "comment"),
        ("Write and Publish Posts", "Comments", "Categories", "Search Posts"),
        suffix="Blog",
    ),
    Archetype(
        "crm",
        _kw("crm:5 customer+relationship:5 lead:3 customer:2 client:1 sale:2 deal:2 pipeline:2 insurance:1"),
        ("lead", "deal"),
        ("Lead Pipeline", "Contact Management", "Deal Tracking", "Sales Reports"),
        suffix="CRM",
    ),
    Archetype(
        "booking",
        _kw("booking:3 appointment:4 reservation:3 book:1 schedule:1 slot:2 availability:1 reserve:2 barber:2 salon:3"),
        ("appointment", "service"),
        ("Book Appointments", "Available Time Slots", "Booking Confirmations", "Manage Services"),
        suffix="Booking",
    ),
    Archetype(
        "inventory",
        _kw("inventory:4 warehouse:3 supplier:2 sku:3 raw+material:2 manufacturing:2 procurement:1 stock+level:3"),
        ("item", "supplier"),
        ("Stock Levels", "Low Stock Alerts", "Supplier Records", "Stock Movements"),
        suffix="Inventory",
    ),
    Archetype(
        "recipes",
        _kw("recipe:5 ingredient:2 cooking:2 meal:2 cuisine:2 nutrition:1 food:1"),
        ("recipe",),
        ("Share Recipes", "Search by Ingredient", "Ratings and Reviews", "Save Favourites"),
        suffix="Kitchen",
    ),
    Archetype(
        "fitness",
        _kw("fitness:4 workout:4 exercise:3 gym:3 calorie:2 training+plan:3"),
        ("workout", "exercise"),
        ("Log Workouts", "Track Progress", "Exercise Library", "Weekly Goals"),
        dashboard=True,
        suffix="Fitness",
    ),
    Archetype(
        "finance",
        _kw(
            "budget:4 expense:3 finance:3 financial:1 income:2 transaction:2 accounting:2 invoice:2 reimbursement:3 "
            "bank:1 spending:2"
        ),
        ("transaction", "budget"),
        ("Track Income and Expenses", "Monthly Budgets", "Spending by Category", "Financial Reports"),
        dashboard=True,
        suffix="Finance",
    ),
    Archetype(
        "events",
        _kw("event:3 conference:3 rsvp:4 attendee:3 concert:2 festival:2 meetup:3 fundraiser:2"),
        ("event", "attendee"),
        ("Event Calendar", "RSVP and Registration", "Event Details", "Attendee Lists"),
        suffix="Events",
    ),
    Archetype(
        "education",
        _kw(
            "course:3 lesson:3 student:2 learning:2 quiz:3 enrollment:3 enroll:2 teacher:2 education:3 school:2 "
            "institute:2 study:2 curriculum:2 educate:2 training:1"
        ),
        ("course", "lesson"),
        ("Course Catalog", "Online Enrollment", "Lessons", "Progress Tracking"),
        suffix="Academy",
    ),
    Archetype(
        "real_estate",
        _kw("real+estate:5 property:3 apartment:3 house:2 realtor:4 mortgage:3 tenant:2 landlord:3"),
        ("property",),
        ("Property Listings", "Search and Filter", "Schedule Viewings", "Saved Properties"),
        suffix="Realty",
    ),
    Archetype(
        "job_board",
        _kw(
            "job:3 recruitment:4 hiring:2 hire:2 internship:3 candidate:2 resume:3 employer:2 applicant:2 career:1 "
            "vacancy:3"
        ),
        ("job", "application"),
        ("Job Listings", "Apply for Jobs", "Employer Postings", "Application Tracking"),
        suffix="Board",
    ),
    Archetype(
        "forum",
        _kw(
            "forum:4 community:2 discussion:3 reply:2 thread:2 social:2 friend:2 follow:1 q&a:3 question:1 answer:1 "
            "matrimonial:2 partner:1 share:1"
        ),
        ("post", "reply"),
        ("Create Posts", "Reply to Posts", "Browse by Category", "Search Discussions"),
        suffix="Community",
    ),
    Archetype(
        "portfolio",
        _kw("portfolio:5 showcase:2 designer:2 skill:2 link+tree:4 personal:1"),
        ("project", "skill"),
        ("Project Showcase", "About Me", "Skills", "Contact Form"),
        suffix="Portfolio",
    ),
    Archetype(
        "restaurant",
        _kw("restaurant:5 menu:3 dish:3 cafe:3 bar:2 dining:3 takeout:3 bourbon:1"),
        ("menu item", "reservation"),
        ("Online Menu", "Table Reservations", "Specials and Promotions", "Opening Hours"),
        suffix="Kitchen",
    ),
    Archetype(
        "healthcare",
        _kw("clinic:4 clinical:4 patient:4 doctor:3 medical:3 hospital:4 health:2 healthcare:4 prescription:3"),
        ("patient", "visit"),
        ("Patient Records", "Appointments", "Visit History", "Care Team"),
        suffix="Health",
    ),
    Archetype(
        "news",
        _kw("news:4 headline:3 magazine:3 journalism:3 weather:1 obituary:1"),
        ("article",),
        ("Latest Headlines", "Browse by Category", "Search Articles", "Article Pages"),
        suffix="News",
    ),
    Archetype(
        "library",
        _kw("library:4 borrow:3 loan:2 isbn:4 librarian:4"),
        ("book", "loan"),
        ("Book Catalog", "Borrow and Return", "Due Date Tracking", "Member Accounts"),
        suffix="Library",
    ),
    Archetype(
        "travel",
        _kw(
            "travel:4 trip:3 tourist:3 tour:2 hotel:2 flight:3 destination:3 itinerary:4 camping:2 campsite:2 "
            "attraction:2 railway:1"
        ),
        ("trip", "destination"),
        ("Plan Trips", "Destination Guides", "Bookings", "Itinerary"),
        suffix="Travel",
    ),
    Archetype(
        "game",
        _kw("game:4 player:2 leaderboard:3 puzzle:2 chess:3 poker:3 tile:1 play:1 score:1"),
        ("game", "player"),
        ("Start a New Game", "Leaderboard", "Game History", "Player Profiles"),
        suffix="Game",
    ),
    Archetype(
        "business_site",
        _kw(
            "about+us:3 contact+us:3 brochure:4 testimonial:2 company+information:2 office:1 promotion:1 "
            "prospective+customer:2"
        ),
        ("service", "inquiry"),
        ("Services Overview", "About Us", "Testimonials", "Contact Form"),
        suffix="Company",
    ),
)
BY_KEY = {a.key: a for a in ARCHETYPES}
_MIN_SCORE = 4.0


def _counts(tokens: list[Token]) -> dict[str, int]:
    counts: dict[str, int] = {}
    lemmas = [singular(t.low) for t in tokens if t.is_word]
    for i, lemma in enumerate(lemmas):
        counts[lemma] = counts.get(lemma, 0) + 1
        if i + 1 < len(lemmas):
            pair = f"{lemma} {lemmas[i + 1]}"
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def detect_archetype(first: list[Token], rest: list[Token]) -> Archetype | None:
    """The best-scoring archetype, or None ("custom") when no archetype is clearly asked for."""
    opening, body = _counts(first), _counts(rest)
    best: tuple[float, Archetype] | None = None
    for archetype in ARCHETYPES:
        score = 0.0
        for word, weight in archetype.keywords.items():
            score += weight * (2 * min(opening.get(word, 0), 1) + min(body.get(word, 0), 3) * 0.5)
        if best is None or score > best[0]:
            best = (score, archetype)
    return best[1] if best and best[0] >= _MIN_SCORE else None
