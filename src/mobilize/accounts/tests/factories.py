import factory

from mobilize.accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.CANDIDATE
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def host_entities(self, create, extracted, **kwargs):
        if create and extracted:
            self.host_entities.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)
        if create:
            self.save()
