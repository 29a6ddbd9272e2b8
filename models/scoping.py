"""How each table's rows belong: the declaration ``access`` builds its row conditions from,
``audit`` finds a row's review by, and the tests check scoping against.

Every mapped class declares one ``__scope__``:

- ``ReviewScoped`` (mixin): the row carries its own ``review_id`` (and ``review``);
- ``RequestScoped`` (mixin): the row hangs off one form request (``request_id``, ``request``);
- ``Through("meeting")``: the row belongs wherever its many-to-one parent ``meeting`` belongs
  (the parent is itself declared), e.g. a meeting's invitations, a recommendation's actions;
- ``BY_ASKER``: the row is its asker's (``requested_by_id``), within its optional review
  (``review_id``): a job record and its file;
- ``CspLevel`` (mixin): CSP-wide reference and account data; role rules alone decide;
- ``THE_REVIEW``: the review row itself.

A class with no declaration is refused when the app starts (``check_declared``), so a new
table can never be silently open to every role that has a rule for it."""
from sqlalchemy import ForeignKey, Integer, inspect
from sqlalchemy.orm import Mapped, RelationshipDirection, declared_attr, foreign, \
    mapped_column, object_session, relationship


class UndeclaredScope(RuntimeError):
    """A mapped table says nothing (or something impossible) about whose rows it holds."""


class Scope:
    """One way rows belong. Instances are compared by identity or type, never by name."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


THE_REVIEW = Scope("the review itself")
BY_REVIEW = Scope("by its review_id")
BY_REQUEST = Scope("by its form request")
CSP_LEVEL = Scope("CSP-level")
BY_ASKER = Scope("by who asked for it, within its review")


class Through(Scope):
    """Rows that belong wherever their parent (a many-to-one relationship) belongs."""

    def __init__(self, relationship_name):
        super().__init__(f"through {relationship_name}")
        self.relationship = relationship_name


class CspLevel:
    """Agencies, accounts, the audit log, the outbox: no review owns these rows."""
    __scope__ = CSP_LEVEL


class ReviewScoped:
    """Rows of one review, by their own ``review_id``.

    ``__review_backref__``: the name of Review's relationship listing these rows
    (``back_populates``), or a ``backref(...)`` creating it. ``__review_index__``: False where
    a unique constraint already leads with ``review_id``. ``__review_key__``: False where a
    composite foreign key of the table's own holds ``review_id`` to its review (the rows of
    a bulk table, checked once per row instead of once per key); ``review`` is then read-only.
    """
    __scope__ = BY_REVIEW
    __review_backref__ = None
    __review_index__ = True
    __review_key__ = True

    @declared_attr
    def review_id(cls) -> Mapped[int]:
        key = (ForeignKey("review.id", ondelete="CASCADE"),) if cls.__review_key__ else ()
        return mapped_column(Integer, *key, nullable=False, index=cls.__review_index__ or None)

    @declared_attr
    def review(cls):
        back = cls.__review_backref__
        if not cls.__review_key__:
            return relationship("Review", primaryjoin=lambda: _review_join(cls), viewonly=True)
        if isinstance(back, str):
            return relationship("Review", back_populates=back)
        return relationship("Review", backref=back)


def _review_join(cls):
    review = cls.metadata.tables["review"]
    return review.c.id == foreign(cls.__table__.c.review_id)


class RequestScoped:
    """Rows of one form request (answers, versions, reminders, files), by ``request_id``.

    ``__request_backref__``: FormRequest's relationship listing these rows (back_populates).
    ``__request_unique__``: one row per request (the answer models)."""
    __scope__ = BY_REQUEST
    __request_backref__ = None
    __request_unique__ = False

    @declared_attr
    def request_id(cls) -> Mapped[int]:
        unique = cls.__request_unique__
        return mapped_column(ForeignKey("form_request.id", ondelete="CASCADE"), nullable=False,
                             unique=unique or None, index=None if unique else True)

    @declared_attr
    def request(cls):
        return relationship("FormRequest", back_populates=cls.__request_backref__)


def scope_of(model):
    """The declared scope of a mapped class; raises for one that declares none."""
    scope = getattr(model, "__scope__", None)
    if not isinstance(scope, Scope):
        raise UndeclaredScope(f"{model.__name__} ({_table(model)}) does not declare how its "
                              "rows belong (ReviewScoped, RequestScoped, Through or CspLevel)")
    return scope


def parent_of(model):
    """For a ``Through`` class: the relationship to its parent (many-to-one)."""
    scope = scope_of(model)
    relation = inspect(model).relationships.get(scope.relationship)
    if relation is None or relation.direction is not RelationshipDirection.MANYTOONE:
        raise UndeclaredScope(f"{model.__name__} is scoped through {scope.relationship!r}, "
                              "which is not a many-to-one relationship of it")
    return relation


def root_scope(model, seen=()):
    """The scope a class's rows finally have, following ``Through`` to a declared parent."""
    scope = scope_of(model)
    if not isinstance(scope, Through):
        return scope
    if model in seen:
        raise UndeclaredScope(f"{model.__name__}: scoping goes round in a circle")
    return root_scope(parent_of(model).mapper.class_, (*seen, model))


def check_declared(registry):
    """Refuse to start with a mapped class whose scope is missing or leads nowhere."""
    problems = []
    for mapper in registry.mappers:
        try:
            root_scope(mapper.class_)
        except UndeclaredScope as problem:
            problems.append(str(problem))
    if problems:
        raise UndeclaredScope("; ".join(sorted(problems)))


def review_id_of(obj):
    """The review a row belongs to by its declaration (None for CSP-level rows)."""
    if obj is None:
        return None
    scope = scope_of(type(obj))
    if scope is THE_REVIEW:
        return obj.id
    if scope is BY_REVIEW or scope is BY_ASKER:
        return obj.review_id if obj.review_id is not None else getattr(obj.review, "id", None)
    if scope is BY_REQUEST:
        return review_id_of(_parent(obj, "request"))
    if isinstance(scope, Through):
        return review_id_of(_parent(obj, scope.relationship))
    return None


def _parent(obj, name):
    """The many-to-one parent ``name`` of ``obj``, by its foreign key when the relationship is
    not loaded (a row just inserted, seen from the audit's flush hook, does not load it)."""
    parent = getattr(obj, name)
    if parent is not None:
        return parent
    mapper = inspect(type(obj))
    relation = mapper.relationships[name]
    key = tuple(getattr(obj, mapper.get_property_by_column(local).key)
                for local, _ in relation.local_remote_pairs)
    session = object_session(obj)
    if session is None or None in key:
        return None
    return session.get(relation.mapper.class_, key[0] if len(key) == 1 else key)


def _table(model):
    table = getattr(model, "__table__", None)
    return table.name if table is not None else "not a table"
