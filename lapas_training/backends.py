"""Authentication backend that loads a user's facility or agency with the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithAffiliationBackend(ModelBackend):
    """The model backend, fetching the facility and agency that every page shows in one query."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("facility", "agency").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
