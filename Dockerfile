# The web image: gunicorn serving the Django site. docs/deployment.md explains the stack.
# Debian trixie's postgresql-client is 17, the same major version as the `db` service, so
# pg_dump/pg_restore (deploy/backup.sh, restore.sh) can run inside this container.
# BASE_IMAGE: any Debian 13 image with Python 3.13 and pip; CI, which reaches no image
# registry, builds one from Debian's packages (deploy/ci/python.Dockerfile).
ARG BASE_IMAGE=python:3.13-slim-trixie
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# gettext: compilemessages; postgresql-client: backups and restores.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home amu

WORKDIR /app

# Dependencies first, from the project's own pyproject.toml, so code changes reuse the layer.
# The s3 extra (django-storages) is always in: media on S3-compatible storage is then a
# matter of settings, never of how the image was built. Downloads stay in BuildKit's cache,
# not in the image. A `pip_ca` build secret, if given, is the CA bundle pip trusts (CI's
# re-signing proxy); without it pip uses its own.
ARG EXTRAS=s3
COPY pyproject.toml README.md ./
RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked \
    --mount=type=secret,id=pip_ca,required=false \
    if [ -s /run/secrets/pip_ca ]; then export PIP_CERT=/run/secrets/pip_ca; fi; \
    pip install ".${EXTRAS:+[$EXTRAS]}" && rm -rf build *.egg-info

COPY . .
# The code stays root-owned and read-only for the app user; only what the app writes is its.
# Its bytecode is compiled here, as pip compiled the dependencies': the app user cannot write
# __pycache__, so otherwise every worker would compile the project's modules afresh.
RUN python -m compileall -q . \
    && mkdir -p staticfiles media \
    && chown -R amu:amu staticfiles media locale
USER amu

# Hashed, Brotli- and gzip-compressed static files and compiled catalogues, at build time.
# The key exists only for this step: settings refuse to load without one when DEBUG is off.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-time-only-collectstatic-not-a-secret \
    python manage.py collectstatic --noinput --verbosity 0 \
    && python manage.py compilemessages --verbosity 0

# Which commit this image holds (deploy/deploy.sh passes it), for `docker image inspect`.
ARG RELEASE=""
LABEL org.opencontainers.image.revision="${RELEASE}"
ENV DJANGO_DEBUG=false \
    AMU_RELEASE="${RELEASE}"
EXPOSE 8000
# /healthz answers ahead of host validation, so the probe needs no Host header.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request as r; r.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["deploy/start.sh"]
