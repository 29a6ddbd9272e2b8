""""Seen before" and theme suggestions, on the server: no case text leaves it.

Texts are embedded with wordllama (its 256-dimension model ships inside the wheel; loaded
offline once per process, on first use, as STACK says). Vectors are stored on the rows
(``embedding``, with a hash of the text it came from) by the ``learning.embed`` job whenever a
text changes. A query is one matrix product against a per-process matrix of every stored
vector, refreshed when the table changes (a cheap count and latest-change query), so no row is
loaded per query. Where the model is absent (LEARNING_EMBEDDINGS off, or not installed) the
ranking falls back to rapidfuzz's token-set ratio over the same cached texts."""
import hashlib
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from flask import current_app, has_app_context
from sqlalchemy import func, select

import jobs
from models import Lesson, Recommendation, Theme, db

log = logging.getLogger(__name__)
DIMENSIONS = 256
_lock = threading.Lock()


def text_hash(text):
    return hashlib.sha256((text or "").strip().encode()).hexdigest()


@lru_cache(maxsize=1)
def _load_model():
    try:
        from pathlib import Path
        import wordllama
        from wordllama import WordLlama
        return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    except Exception:  # no wheel, no model files: the lexical fallback answers
        log.exception("wordllama could not be loaded; using the lexical fallback")
        return None


def model():
    """The embedding model, or None where it is switched off or cannot be loaded."""
    if has_app_context() and not current_app.config.get("LEARNING_EMBEDDINGS", True):
        return None
    with _lock:
        return _load_model()


def embed(texts):
    """Unit vectors (float32, one row per text), or None without the model."""
    found = model()
    if found is None:
        return None
    return np.asarray(found.embed(list(texts), norm=True), dtype=np.float32)


def to_bytes(vector):
    return np.asarray(vector, dtype=np.float32).tobytes()


# -- the job: vectors for rows whose text changed ---------------------------------------------
MODELS = {"lesson": Lesson, "recommendation": Recommendation}


@jobs.job("learning.embed")
def embed_rows(kind, *ids):
    """Store the vectors of ``kind`` rows ``ids`` whose text changed since last computed."""
    model_class = MODELS[kind]
    rows = db.session.scalars(select(model_class).where(model_class.id.in_(ids))).all()
    stale = [row for row in rows if row.embedded_hash != text_hash(row.text)]
    vectors = embed([row.text for row in stale]) if stale else None
    if vectors is None:
        return 0
    for row, vector in zip(stale, vectors):
        row.embedding, row.embedded_hash = to_bytes(vector), text_hash(row.text)
    return len(stale)


def queue_embedding(*rows):
    """After the commit that saved ``rows``: compute their vectors (in a worker with Redis)."""
    for kind, model_class in MODELS.items():
        ids = [row.id for row in rows if isinstance(row, model_class)]
        if ids:
            jobs.enqueue(embed_rows, kind, *ids)


# -- the per-process matrix -------------------------------------------------------------------
@dataclass
class Matrix:
    key: tuple
    ids: np.ndarray
    review_ids: np.ndarray
    texts: list
    vectors: np.ndarray | None  # None where no row has a vector (the lexical fallback)


_matrices = {}


def matrix(model_class):
    """Every row's id, review, text and vector, kept per process until a row is added or
    changed."""
    # Read from indexes; the count also sees a deleted row (or one put back by a restore),
    # which leaves both maxima as they were.
    key = (str(db.engine.url), *db.session.execute(select(
        func.count(model_class.id), func.max(model_class.id),
        func.max(model_class.updated_at))).one())
    cached = _matrices.get(model_class)
    if cached is not None and cached.key == key:
        return cached
    rows = db.session.execute(select(model_class.id, model_class.review_id, model_class.text,
                                     model_class.embedding).order_by(model_class.id)).all()
    vectors = None
    if any(r.embedding is not None for r in rows):  # a row not embedded yet scores 0
        zero = bytes(4 * DIMENSIONS)
        vectors = np.frombuffer(b"".join(r.embedding or zero for r in rows),
                                dtype=np.float32).reshape(len(rows), DIMENSIONS)
    built = Matrix(key, np.array([r.id for r in rows], dtype=np.int64),
                   np.array([r.review_id for r in rows], dtype=np.int64),
                   [r.text for r in rows], vectors)
    _matrices[model_class] = built
    return built


def forget():
    """Drop this process's matrices: a database restored under a running process can hold
    the same rows, ids and times as one seen before but other texts or vectors."""
    _matrices.clear()


def rank(model_class, text, allowed=None, exclude_review_id=None, limit=5):
    """[(id, score 0..1)] of the rows most like ``text``, best first; ``allowed``: a set of
    review ids the asker may see (None: every review)."""
    found = matrix(model_class)
    if not len(found.ids):
        return []
    keep = np.ones(len(found.ids), dtype=bool)
    if allowed is not None:
        keep &= np.isin(found.review_ids, np.fromiter(allowed, dtype=np.int64))
    if exclude_review_id is not None:
        keep &= found.review_ids != exclude_review_id
    scores = _scores(found, text, keep)
    if scores is None:
        return []
    order = np.argsort(-scores)[:limit]
    return [(int(found.ids[i]), float(scores[i])) for i in order if keep[i]]


def _scores(found, text, keep):
    query = embed([text]) if found.vectors is not None else None
    if query is not None:
        scores = found.vectors @ query[0]
    else:
        scores = _lexical(found.texts, text, keep)
    return np.where(keep, scores, -np.inf)


def _lexical(texts, text, keep):
    from rapidfuzz import fuzz, process, utils
    scores = np.zeros(len(texts), dtype=np.float32)
    wanted = [i for i in np.flatnonzero(keep)]
    results = process.cdist([text], [texts[i] for i in wanted], scorer=fuzz.token_set_ratio,
                            processor=utils.default_process)
    scores[wanted] = results[0] / 100.0
    return scores


# -- theme suggestions ------------------------------------------------------------------------
def suggest_themes(text, limit=3):
    """Themes for a new lesson: by the text's likeness to each theme's name and description,
    and by the themes of the most similar earlier lessons."""
    themes = db.session.scalars(select(Theme).where(Theme.active.is_(True))).all()
    if not themes or not (text or "").strip():
        return []
    labels = [f"{t.name}. {t.description or ''}" for t in themes]
    vectors = embed([text, *labels])
    if vectors is not None:
        scores = vectors[1:] @ vectors[0]
    else:
        from rapidfuzz import fuzz, utils
        scores = np.array([fuzz.token_set_ratio(text, label, processor=utils.default_process)
                           / 100.0 for label in labels])
    scores = scores + _votes_of_similar_lessons(text, themes)
    order = np.argsort(-scores)[:limit]
    return [themes[i] for i in order]


def _votes_of_similar_lessons(text, themes):
    position = {theme.id: n for n, theme in enumerate(themes)}
    votes = np.zeros(len(themes), dtype=np.float32)
    nearest = rank(Lesson, text, limit=10)
    if not nearest:
        return votes
    lessons = db.session.scalars(select(Lesson).where(Lesson.id.in_([i for i, _ in nearest])))
    weight = dict(nearest)
    for lesson in lessons:
        for theme in lesson.themes:
            if theme.id in position:
                votes[position[theme.id]] += max(weight[lesson.id], 0) / 5
    return votes
