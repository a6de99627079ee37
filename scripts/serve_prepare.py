"""Before `make serve` starts: the database exists and answers, and so does Redis.

A local database named in DATABASE_URL is created when it is missing; anything else that is
missing stops the start with what to do about it.
"""

import os
import sys
from urllib.parse import urlparse

import psycopg2
import redis
from psycopg2 import sql


def fail(message: str) -> None:
    print(f"[serve] {message}", file=sys.stderr)
    sys.exit(1)


def ensure_database(url: str) -> None:
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        fail("make serve runs on PostgreSQL: set DATABASE_URL=postgres://USER@HOST:PORT/NAME.")
    name = parts.path.lstrip("/")
    server = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password or None,
        "connect_timeout": 5,
    }
    try:
        psycopg2.connect(dbname=name, **server).close()
        return
    except psycopg2.OperationalError as exc:
        if f'database "{name}" does not exist' not in str(exc):
            fail(
                f"PostgreSQL does not answer at {server['host']}:{server['port']} ({exc}). "
                "Install and start it (Debian: apt-get install postgresql), or set DATABASE_URL."
            )
    connection = psycopg2.connect(dbname="postgres", **server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    print(f"[serve] Created the database {name}.")


def ensure_redis(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        fail(
            f"Redis does not answer at {url} ({exc}). Install and start it (Debian: apt-get "
            "install redis-server), or set REDIS_URL."
        )


if __name__ == "__main__":
    ensure_database(os.environ["DATABASE_URL"])
    ensure_redis(os.environ["REDIS_URL"])
