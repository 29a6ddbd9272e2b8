"""Shared column sets and the enum base every choice list uses."""
import enum
from datetime import datetime, timezone

from sqlalchemy import DateTime, Enum
from sqlalchemy.orm import Mapped, mapped_column


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class LabelledEnum(str, enum.Enum):
    """A choice stored by its name, shown by its label: ``homicide = "homicide", "Homicide"``.

    The member *is* its stored string, so SQLAlchemy and plain comparisons
    (``status == "notified"``) agree. ``str()`` gives the label, for text shown to people, so
    never use ``str()`` to get the stored name: forms select and post ``member.name`` (admin
    forms through ``admin_views.choices``; ``str`` coercion there reset every choice on save).
    """

    def __new__(cls, value, label):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label = label
        return obj

    @property
    def label(self):
        return self._label

    def __str__(self):
        return self._label

    @classmethod
    def choices(cls):
        return [(m.name, m.label) for m in cls]


def enum_column(enum_class, length=40):
    """The column type of every choice: stored by name as text (no database enum type, so a
    new choice needs no migration of a type), checked in Python."""
    return Enum(enum_class, native_enum=False, length=length, validate_strings=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False)
