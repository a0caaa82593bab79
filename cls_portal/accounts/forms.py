from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password

from cls_portal.accounts.models import User
from cls_portal.forms import PlainErrorsMixin
from cls_portal.permissions import Role
from hubs.models import Locality

# What a password must not resemble (Django's UserAttributeSimilarityValidator reads these).
USER_ATTRIBUTES = ("username", "first_name", "last_name", "email")


class UserForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "first_name": "Enter their first name",
        "last_name": "Enter their last name",
        "role": "Choose their role",
        "username": "Enter a username",
        "password": "Enter a password",  # nosec B105: an error message, not a password
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

    def __init__(self, *args, partnership_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = Locality.objects.in_partnership(partnership_id)


class UserCreateForm(UserForm):
    username = forms.CharField(max_length=150, help_text="What they type to sign in.")
    password = forms.CharField(
        widget=forms.PasswordInput,
        help_text="At least 8 characters; not a common password, nor like their name or username.",
    )
    field_order = ["username", "first_name", "last_name", "email", "role", "localities"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is already taken.")
        return username

    def clean_password(self) -> str:
        """Checked against the user it is for (the fields above are cleaned first), so a
        password like their username, name or e-mail address is refused."""
        password = self.cleaned_data["password"]
        named = {key: self.cleaned_data.get(key, "") for key in USER_ATTRIBUTES}
        validate_password(password, User(**named))
        return password


class UserEditForm(UserForm):
    is_active = forms.BooleanField(
        required=False, label="Can sign in", help_text="Untick to end their access at once."
    )
