"""Closed word lists the prompt reader leans on instead of a tagger.

English app requests use a small, stable vocabulary for everything that is *not* the user's domain: verbs of
managing things, determiners, filler adjectives, and words for the app itself. Whatever is left is domain.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A closed word set written as running text."""
    return frozenset(text.split())


STOP = words(
    """a an the this that these those it its it's they them their theirs there here we our us you your i me my he
    she his her is are was were be been being am do does did done has have had having will would shall should
    can could may might must also just only very more most much many some any each every all both either neither
    not no nor so than too as such etc e.g i.e via per which who whom whose what when where why how while if
    then else other others another own same one ones able ability need needs needed want wants like based
    according well into onto upon about above across after against along among around at before behind below
    beneath beside between beyond by down during except for from in inside near of off on out outside over past
    since through throughout till to toward towards under until up with within without and or but yet make sure
    please allow allows allowing allowed enable enables enabling let lets help helps ensure ensures including
    include includes included provide provides providing provided support supports supporting using use uses
    whether even already still again always often easily quickly directly automatically certain"""
)

PREPOSITIONS = words(
    """about above across after against along among around at before behind below beside between beyond by during
    for from in inside into near of off on onto out over past through to toward towards under until upon via
    with within without based according as like"""
)

DETERMINERS = words(
    """a an the this that these those their its our your his her my some any each every all both no several
    multiple various different other others own new existing specific relevant related corresponding certain
    available desired favorite favourite selected particular individual respective two three four five six seven
    eight nine ten few many"""
)

# Adjectives that describe, rather than name, what an app manages; dropped from entity and field names.
ADJECTIVES = words(
    """new existing different own other various basic customized custom current available related relevant specific
    desired favorite favourite corresponding detailed local selected multiple personal financial active private
    secure online simple unnecessary direct advanced predefined suitable identical proper unique complex
    consolidated estimated real-time realtime live entire general main additional free popular recent certain
    future shareable user-created interactive responsive modern minimalistic smart intuitive engaging appealing
    easy quick fast full complete total overall daily weekly monthly yearly annual public internal external
    global upcoming past previous latest important useful visual automated automatic manual dynamic static
    digital virtual physical mobile desktop several individual respective particular corresponding major minor
    small large big high low best top good great nice beautiful clean clear cross-platform web-based cartoon-
    style competitive healthy informative anonymous same whole own own"""
)

# Words for the app itself or for the act of using it: never an entity the app stores.
GENERIC_NOUNS = words(
    """website site webpage web page pages platform system app apps application applications software portal
    mini-program dashboard functionality functionalities function functions feature features capability
    capabilities user users information info data detail details interface design experience way process option
    options operation operations ability section sections homepage home menu navigation layout background color
    colour component components element ui ux theme style styles visual visuals block blocks button buttons
    control controls piece pieces thing things stuff content lot type types kind kinds variety part parts area
    areas field functionality need needs requirement requirements purpose people person everyone someone anyone
    visitor visitors owner owners admin admins administrator administrators management manager related etc more
    others other tool's panel panels view views mode modes speed performance security privacy attention help
    support access time times number numbers chart charts graph graphs"""
)

# Nouns that are attributes of something else: "stock codes" means a Stock has a code.
ATTRIBUTE_WORDS = words(
    """name code format status title description date price amount cost level location email phone address rating
    score size quantity count link url photo image picture bio note notes deadline duration priority tag tags
    result availability balance value model measurement measurements fabric qualification qualifications
    preference preferences interest interests summary age gender category categories theme difficulty stage
    progress schedule timeline budget salary capacity"""
)

# "<thing> information" and friends point at <thing> without adding a field.
POINTER_WORDS = words(
    """information info data details detail records record history list catalog catalogue management registration
    listings listing posting postings overview page pages section position positions opportunity opportunities"""
)

# -ing words that are nouns in app prompts; every other -ing word is treated as a verb form.
ING_NOUNS = words(
    """booking listing posting meeting setting building painting wedding clothing housing training ring ringtone
    morning evening string thing wing offering earning earnings savings rating ratings"""
)

# -ing words that are only ever nouns in app prompts, though their verb is one ("report bugs", "data reporting").
ING_ONLY_NOUNS = words("reporting accounting marketing catering funding")

APP_NOUNS = {
    "website": None,
    "site": None,
    "webpage": None,
    "page": None,
    "feature": None,
    "dashboard": "Dashboard",
    "portal": "Portal",
    "platform": "Platform",
    "system": "System",
    "game": "Game",
    "editor": "Editor",
    "maker": "Maker",
    "forum": "Forum",
    "blog": "Blog",
    "store": "Store",
    "shop": "Shop",
    "marketplace": "Marketplace",
    "tracker": "Tracker",
    "board": "Board",
    "app": "App",
    "application": "App",
    "mini-program": "App",
    "tool": "Tool",
    "directory": "Directory",
    "network": "Network",
    "hub": "Hub",
    "planner": "Planner",
    "builder": "Builder",
    "generator": "Generator",
    "manager": "Manager",
    "service": None,
}

NAME_FILLERS = words("web-based online one-page web modern minimalistic simple basic new")

# Verbs of using an app. Their objects are what the app manages; their phrases are its features.
VERBS = words(
    """manage browse view search create add edit delete remove update post publish book reserve track record log
    submit upload share apply enroll lease rent renew transfer send download review rate join list display
    showcase store organize categorize schedule sell buy purchase order compare filter sort find collect follow
    comment answer input select generate register hire monitor approve query estimate play deposit save print
    import export assign invite like bookmark read watch listen calculate analyze analyse check explore discover
    write plan host reply move merge start undo resign choose upgrade battle win revive design preview confirm
    handle customize customise leave publish store summarize summarise communicate collaborate participate learn
    contact access interact inspire promote introduce convert switch organise adjust arrange drag drop place
    receive release conduct visit sign login enter fill specify configure subscribe attend earn redeem vote chat
    message notify alert message invite pay checkout cancel return borrow lend approve reject archive restore
    tag label highlight translate scan capture measure count keep circulate submit mark close open complete
    finish claim request recommend match connect filter perform continue navigate revive resign support get
    catalogue catalog spin roll guess flip shuffle pick see propose suggest nominate drag accept decline resolve
    change offer report deliver enrol split"""
)

# Short forms a request writes for a thing: "post ads" keeps advertisements.
SYNONYMS = {"ad": "advertisement", "ads": "advertisement", "info": "information"}

# Units a quantity is given in: "length in minutes" is a field length_minutes.
UNITS = words(
    """seconds minutes hours days weeks months years km kilometers kilometres miles meters metres cm kg kilograms
    grams pounds lbs liters litres euros dollars"""
)

# A container written in the singular before "of <things>" ("keep a setlist of songs"): the things are kept.
COLLECTIVE = words(
    """list setlist tracklist checklist watchlist wishlist collection catalog catalogue library archive log register
    roster set series queue database record shelf pool bank stack batch bunch"""
)

# Verbs whose objects are attributes someone types in ("input stock codes"), not things to manage.
INPUT_VERBS = words("input enter fill provide specify upload")

# Verbs too vague to make a feature on their own ("have", "be", "see" are in STOP or absent).
WEAK_VERBS = words("learn access interact inspire introduce keep get perform see")

PARTICLES = words("for to about on up in out into through with from")

IRREGULAR_SINGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "data": "data",
    "media": "media",
    "criteria": "criteria",
    "analyses": "analysis",
    "statuses": "status",
    "buses": "bus",
    "campuses": "campus",
    "leaves": "leave",
    "shelves": "shelf",
    "knives": "knife",
    "wives": "wife",
    "lives": "life",
    "movies": "movie",
    "cookies": "cookie",
    "series": "series",
    "species": "species",
    "news": "news",
    "sales": "sale",
    "dwarfs": "dwarf",
    "elves": "elf",
    "quizzes": "quiz",
    "indices": "index",
}
UNCOUNTABLE = words(
    """analytics statistics logistics physics economics mathematics athletics ethics politics graphics texas status
    bonus virus census focus corpus genus cactus syllabus apparatus nexus chorus circus octopus opus radius
    stimulus thesaurus walrus information data news analysis status bus campus chess series species statistics
    analytics logistics business address process class access glass boss progress success mathematics physics
    economics athletics gas bonus census virus corpus canvas atlas lens focus thesis basis crisis diagnosis
    personnel equipment furniture software hardware feedback content inventory research evidence attendance
    infrastructure procurement production nutrition insurance"""
)
IRREGULAR_PLURAL = {v: k for k, v in IRREGULAR_SINGULAR.items() if k != v}
IRREGULAR_PLURAL.update({"status": "statuses", "analysis": "analyses", "bus": "buses", "campus": "campuses"})

IRREGULAR_VERBS = {
    "sent": "send",
    "sold": "sell",
    "bought": "buy",
    "written": "write",
    "wrote": "write",
    "read": "read",
    "chose": "choose",
    "chosen": "choose",
    "paid": "pay",
    "won": "win",
    "made": "make",
    "kept": "keep",
    "found": "find",
    "left": "leave",
    "logged": "log",
    "shared": "share",
}

PYTHON_UNSAFE_ENTITY = words(
    """Base Model Field List Dict Type Query Date Datetime Time Optional Any Config Settings App Request Response
    Depends Path Body File Column Integer String Text Boolean Float Session Login Home Dashboard LiveFeed Json
    Object Enum User Users Token Stat Stats Health Auth Ws Api Test"""
)

# Nouns that merely look like adjectives by their ending ("-al", "-ive", "-ic", "-ous", "-able").
ADJECTIVE_LOOKING_NOUNS = words(
    """animal rental hospital journal portal proposal approval arrival festival terminal manual referral tutorial
    material signal capital potential rival professional objective executive detective relative initiative
    archive incentive representative clinic topic music logic public mechanic traffic graphic republic picnic
    comic table vegetable cable variable deliverable receivable bible journal interval total principal
    individual official criminal original medical local funeral"""
)
