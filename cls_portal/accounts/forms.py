from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib.auth.password_validation import validate_password

from cls_portal.accounts.models import User
from cls_portal.forms import PlainErrorsMixin
from cls_portal.permissions import Role
from hubs.models import Locality, Partnership

# What a password must not resemble (Django's UserAttributeSimilarityValidator reads these).
USER_ATTRIBUTES = ("username", "first_name", "last_name", "email")


class UserForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "first_name": "Enter their first name",
        "last_name": "Enter their last name",
        "role": "Choose their role",
    }
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    # A partnership's admin manages its own staff: a programme lead belongs to no partnership.
    role = forms.ChoiceField(choices=[c for c in Role.choices if c[0] != Role.PROGRAMME_LEAD])
    localities = forms.ModelMultipleChoiceField(
        queryset=Locality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Case records are visible only in these localities.",
    )

    def __init__(self, *args, partnership_id: int, keep: Iterable[int] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Localities in use, and those the user already has (a retired one stays ticked).
        self.fields["localities"].queryset = Locality.objects.in_partnership(partnership_id).in_use(
            keep=keep
        )
        self.fields["localities"].help_text = (
            "Case records are visible only in these localities. Hub workers, practitioners "
            "and forum managers need at least one."
        )


class UserCreateForm(UserForm):
    """Add a user: they are e-mailed a one-time link to set their own password, unless the
    administrator sets one for them here."""

    username = forms.CharField(
        max_length=150,
        required=False,
        help_text="What they type to sign in. Leave blank to use their e-mail address.",
    )
    password = forms.CharField(
        widget=forms.PasswordInput,
        required=False,
        help_text="Leave blank to e-mail them a link to set their own (best). Otherwise at "
        "least 8 characters; not a common password, nor like their name or username.",
    )
    field_order = ["first_name", "last_name", "email", "username", "role", "localities"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = "The link to set their password is sent here."

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is already taken.")
        return username

    def clean_password(self) -> str:
        """Checked against the user it is for (the fields above are cleaned first), so a
        password like their username, name or e-mail address is refused."""
        password = self.cleaned_data["password"]
        if password:
            named = {key: self.cleaned_data.get(key, "") for key in USER_ATTRIBUTES}
            validate_password(password, User(**named))
        return password

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("password") and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", "Enter their e-mail address to send them a link, or set a password."
            )
        if not data.get("username") and not data.get("email") and data.get("password"):
            self.add_error("username", "Enter a username, or an e-mail address to use as one.")
        email = (data.get("email") or "").strip().lower()
        taken = email and User.objects.filter(username__iexact=email).exists()
        if not data.get("username") and taken:
            self.add_error("username", "That username is already taken.")
        return data


class UserEditForm(UserForm):
    is_active = forms.BooleanField(
        required=False, label="Can sign in", help_text="Untick to end their access at once."
    )


class SetPasswordForm(PlainErrorsMixin, forms.Form):
    """Set a password through a one-time link (the service checks how strong it is)."""

    required_words = {
        "password": "Enter a password",  # nosec B105: an error message, not a password
        "password_again": "Type the password again",  # nosec B105: an error message
    }
    password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not a common password, nor like your name or username.",
    )
    password_again = forms.CharField(
        label="Type it again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        first, again = data.get("password"), data.get("password_again")
        if first and again and first != again:
            self.add_error("password_again", "The two passwords are not the same.")
        return data


class PartnershipSetUpForm(PlainErrorsMixin, forms.Form):
    """The installation's operator: a new partnership and its first administrator."""

    required_words = {
        "name": "Enter the partnership's name",
        "nation": "Choose the nation",
        "admin_first_name": "Enter the administrator's first name",
        "admin_last_name": "Enter the administrator's last name",
        "admin_email": "Enter the administrator's e-mail address",
    }
    name = forms.CharField(max_length=120, help_text="e.g. Riverside Health and Social Care")
    slug = forms.SlugField(
        label="Short name",
        max_length=60,
        required=False,
        help_text="Lower-case letters, numbers and hyphens, e.g. riverside. Leave blank to "
        "make one from the name.",
    )
    nation = forms.ChoiceField(
        choices=Partnership.Nation.choices,
        widget=forms.RadioSelect,
        help_text="People are identified by CHI numbers in Scotland, NHS numbers elsewhere.",
    )
    retention_years = forms.IntegerField(
        label="Keep records for this many years after a person's last episode closes",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Leave blank for the installation's default.",
        error_messages={
            "min_value": "Enter a number of years from 1 to 100.",
            "max_value": "Enter a number of years from 1 to 100.",
        },
    )
    swemwbs_licensed = forms.BooleanField(
        label="Holds a SWEMWBS licence",
        required=False,
        help_text="Without one, staff record ONS4 wellbeing scores only.",
    )
    admin_first_name = forms.CharField(label="Administrator's first name", max_length=150)
    admin_last_name = forms.CharField(label="Administrator's last name", max_length=150)
    admin_email = forms.EmailField(
        label="Administrator's e-mail address",
        help_text="They are sent a link to set their password; it is also their username.",
    )
