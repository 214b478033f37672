from django.core.management.base import BaseCommand

from demo.services import seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent). Accounts use the password in README."

    def handle(self, *args: object, **options: object) -> None:
        world = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(world.companies)} companies, {len(world.schools)} "
                f"schools, {len(world.apprentices)} apprentices, {len(world.users)} accounts."
            )
        )
