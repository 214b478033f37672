# Production image: gunicorn serving the portal; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_MANIFEST=1
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && SECRET_KEY=build ACCESS_LOG_HMAC_KEY=build python manage.py collectstatic --no-input \
    && SECRET_KEY=build ACCESS_LOG_HMAC_KEY=build python manage.py compilemessages --ignore node_modules
RUN useradd --system --uid 1000 portal && chown -R portal /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
