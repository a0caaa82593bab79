FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
# pg_dump/pg_restore for `manage.py backup` / `restore`, of the server's major version (the
# postgres image in docker-compose.yml; pg_dump refuses a newer server), from PostgreSQL's apt
# repository since Debian bookworm has only 15.
ARG PG_MAJOR=16
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core curl ca-certificates \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-${PG_MAJOR} \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN DJANGO_SECRET_KEY=build-only-key-build-only-key-build-only-key-123456 DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput
# The media and backups volumes start from these folders, so they belong to cls.
RUN useradd --create-home cls && mkdir -p /app/var/media /app/var/backups && chown -R cls /app/var
USER cls
EXPOSE 8000
CMD ["gunicorn", "cls_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
