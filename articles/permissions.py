"""Who may do what over the API.

Reading is open to everyone; *what* a caller reads is decided by the
querysets in ``articles.api`` (published content only, unless the caller
holds the model's view or change permission). Writing follows Django's
model permissions, the same ones the admin uses: ``add`` to create,
``change`` to update, ``delete`` to delete, and ``change`` to publish.
"""

from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Anyone may read; writes need the model permission for the HTTP method."""


class CanPublish(ModelPermissionsOrReadOnly):
    """Publishing is a change to the article, so it needs ``change``, even over POST."""

    perms_map = {
        **ModelPermissionsOrReadOnly.perms_map,
        "POST": ["%(app_label)s.change_%(model_name)s"],
    }


def sees_unpublished(user, model) -> bool:
    """Whether ``user`` may see drafts and unpublished rows of ``model``.

    Holding the model's ``view`` or ``change`` permission is what lets an
    editor see everything in the admin, so it is what lets them over the API.
    """
    if not user or not user.is_authenticated:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def may_publish(user, model) -> bool:
    opts = model._meta
    return bool(user and user.has_perm(f"{opts.app_label}.change_{opts.model_name}"))
