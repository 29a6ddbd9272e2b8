"""The N+1 check: serve the bench app inside this process, attach a SQLAlchemy listener to
its engine and count the statements each page costs (one request at a time)."""
import logging
import re
import threading

from sqlalchemy import event
from werkzeug.serving import make_server

from bench.load import fetch, sign_in
from bench.scenarios import COUNTED_PAGES
from bench.server import create_bench_app
from models import db

# One per listed row: Flask-Admin's row-action cell (details/edit/delete buttons).
ROW_MARKER = re.compile(r'<td class="list-buttons-column">')


class StatementCounter:
    def __init__(self, engine):
        self.count = 0
        self._lock = threading.Lock()
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args):
        with self._lock:
            self.count += 1

    def take(self):
        with self._lock:
            count, self.count = self.count, 0
        return count


def count_statements(settings, database_url, accounts, codes):
    """[{page, path, status, rows, statements}] for every counted page."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # alembic's config set INFO
    app = create_bench_app(database_url, settings.instance)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    try:
        with app.app_context():
            counter = StatementCounter(db.engine)
        cookies = {email: sign_in(base_url, accounts[email], codes)
                   for email in {p.account for p in COUNTED_PAGES if p.account}}
        rows = []
        for page in COUNTED_PAGES:
            fetch(base_url, page.path, cookies.get(page.account))  # warm caches first
            counter.take()
            status, body = fetch(base_url, page.path, cookies.get(page.account))
            rows.append({"page": page.label, "path": page.path, "status": status,
                         "rows": len(ROW_MARKER.findall(body)), "statements": counter.take()})
        return rows
    finally:
        server.shutdown()
        server.server_close()
        with app.app_context():
            db.engine.dispose()
