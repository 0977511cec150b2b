from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Builds the demo of the seed's five parks. No models; reads and writes through the other apps."""

    name = "parkguard.demo"
