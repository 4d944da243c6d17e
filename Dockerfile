# One image, two processes: `serve` (web, default) or `scheduler`. See compose.yaml.
# Secrets are never baked in: pass TURFBOOK_*_FILE paths to mounted secrets at run time.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md LICENSE ./
COPY service ./service
COPY emulator ./emulator
COPY demo ./demo
COPY sheets_schema ./sheets_schema
COPY drive_rules ./drive_rules
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NO_PROXY=127.0.0.1,localhost \
    TURFBOOK_CONFIG=/config/config.yaml
RUN groupadd --system --gid 10001 turfbook \
    && useradd --system --uid 10001 --gid turfbook --home-dir /app --shell /usr/sbin/nologin turfbook
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
WORKDIR /app
COPY sheets_schema ./sheets_schema
COPY drive_rules ./drive_rules
RUN mkdir -p /data && chown turfbook:turfbook /data
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["turfbook"]
CMD ["serve", "--gunicorn", "--host", "0.0.0.0", "--port", "8000"]
