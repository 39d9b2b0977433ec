# unspin service image: REST API + web form on port 8000.
# No Docker engine runs on the project's build machines, so this file is kept simple and checked by reading.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    UNSPIN_FEEDBACK_DB=/data/feedback.db \
    UNSPIN_SITES_DIR=/data/sites \
    UNSPIN_HOST=0.0.0.0 \
    UNSPIN_PORT=8000

WORKDIR /opt/unspin
COPY pyproject.toml README.md LICENSE ./
COPY app ./app
COPY dictionaries ./dictionaries
# Install non-editable; the dictionaries are installed as data files and also baked in beside the code.
RUN pip install . && useradd --create-home --uid 10001 unspin && mkdir -p /data && chown unspin /data
ENV UNSPIN_DICTIONARIES_DIR=/opt/unspin/dictionaries

USER unspin
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import os,urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('UNSPIN_PORT', '8000'), timeout=4).status == 200 else 1)"
# host and port come from UNSPIN_HOST / UNSPIN_PORT (docker run -e UNSPIN_PORT=9000 ...). The service drains
# in-flight requests for up to 30 s on SIGTERM and then saves what it learned of each site: stop it with
# `docker stop -t 40` (Docker's default grace is 10 s).
CMD ["unspin", "serve"]
