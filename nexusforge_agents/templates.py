"""App templates: a starting prompt plus the contract's ``customizations``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from .config import BuildConfig, Feature
from .errors import InvalidInputError, TemplateNotFoundError
from .inputs import SafeText, VisibleText


class Template(BaseModel):
    id: str
    name: str
    description: str
    category: str
    example_prompt: str
    features: list[str]


class Customizations(BaseModel):
    """The contract's template customizations."""

    model_config = ConfigDict(extra="forbid")

    app_name: Annotated[VisibleText, Field(max_length=80)] | None = None
    color_scheme: Annotated[SafeText, Field(max_length=60)] | None = None
    data_sources: list[Annotated[VisibleText, Field(max_length=80)]] = Field(default_factory=list, max_length=10)
    features: list[Feature] = Field(default_factory=list, max_length=20)


TEMPLATES: tuple[Template, ...] = (
    Template(
        id="analytics_dashboard",
        name="Analytics Dashboard",
        category="Business Intelligence",
        description="Real-time data visualization with charts and KPIs",
        example_prompt="Build an analytics dashboard that shows real-time sales data with interactive charts",
        features=["Real-time charts", "Data export", "User authentication", "Responsive design"],
    ),
    Template(
        id="ecommerce_store",
        name="E-Commerce Store",
        category="E-Commerce",
        description="Complete online store with product catalog and payments",
        example_prompt="Create an online store for selling handmade jewelry with product catalog and shopping cart",
        features=["Product catalog", "Shopping cart", "Payment processing", "Order management"],
    ),
    Template(
        id="task_manager",
        name="Task Manager",
        category="Productivity",
        description="Projects and tasks with due dates, priorities and status tracking",
        example_prompt="Build a project management tool with task tracking, due dates, priorities and team members",
        features=["Projects", "Task tracking", "Due dates and priorities", "Team members"],
    ),
    Template(
        id="realtime_chat",
        name="Real-time Chat",
        category="Communication",
        description="Chat rooms with live messages and user accounts",
        example_prompt="Build a real-time chat application with chat rooms, messages and user login",
        features=["Chat rooms", "Live messages", "User accounts", "Message history"],
    ),
    Template(
        id="blog_platform",
        name="Blog Platform",
        category="Content",
        description="Posts, categories and comments with an author login",
        example_prompt="Create a blog platform where authors write posts with categories and readers leave comments",
        features=["Posts", "Categories", "Comments", "Author login"],
    ),
    Template(
        id="crm",
        name="CRM",
        category="Sales",
        description="Contacts, companies and deals through a sales pipeline",
        example_prompt="Build a CRM to manage contacts, companies and deals with a sales pipeline dashboard",
        features=["Contacts", "Companies", "Deal pipeline", "Sales dashboard"],
    ),
    Template(
        id="booking_system",
        name="Booking System",
        category="Scheduling",
        description="Services, time slots and appointments with customer details",
        example_prompt="Create an appointment booking system for a hair salon with services, stylists and bookings",
        features=["Services", "Appointments", "Availability", "Customer details"],
    ),
    Template(
        id="recipe_sharing",
        name="Recipe Sharing",
        category="Lifestyle",
        description="Recipes with ingredients, cooking time and ratings",
        example_prompt=(
            "Build a recipe sharing site where users post recipes with ingredients, cooking time and ratings"
        ),
        features=["Recipes", "Ingredients", "Ratings", "Search"],
    ),
    Template(
        id="inventory_tracker",
        name="Inventory Tracker",
        category="Operations",
        description="Products, stock levels, suppliers and low-stock alerts",
        example_prompt="Build an inventory management system that tracks products, stock levels, suppliers and orders",
        features=["Products", "Stock levels", "Suppliers", "Purchase orders"],
    ),
    Template(
        id="fitness_tracker",
        name="Fitness Tracker",
        category="Health",
        description="Workouts, exercises and progress charts",
        example_prompt="Create a fitness tracker to log workouts and exercises with progress charts",
        features=["Workout log", "Exercises", "Progress charts", "Goals"],
    ),
)


def get_template(template_id: str) -> Template:
    for template in TEMPLATES:
        if template.id == template_id:
            return template
    known = ", ".join(t.id for t in TEMPLATES)
    raise TemplateNotFoundError(f"Unknown template {template_id!r}; available templates: {known}")


def apply_template(
    template_id: str, customizations: Customizations | dict[str, Any] | None, config: BuildConfig | None = None
) -> tuple[str, BuildConfig]:
    """The prompt and build config a template build runs with."""
    template = get_template(template_id)
    try:
        custom = Customizations.model_validate(customizations or {})
    except ValueError as exc:
        raise InvalidInputError(f"Invalid customizations: {exc}") from exc
    prompt = template.example_prompt
    if custom.data_sources:
        prompt += f". Data comes from {', '.join(custom.data_sources)}"
    update: dict[str, Any] = {"extra_features": [*(config.extra_features if config else []), *custom.features]}
    if custom.app_name:
        update["app_name"] = custom.app_name
    if custom.color_scheme:
        update["color_scheme"] = custom.color_scheme
    return prompt, (config or BuildConfig()).model_copy(update=update)
