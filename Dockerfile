# The Nexus Forge engine for docker-compose.yml (API replicas and queue workers run this one image).
# NOT built or run on the development machine (no Docker there): see docs/scaling.md for what is verified.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir ".[server,postgres,queue]"
ENV NEXUSFORGE_HOME=/data
EXPOSE 8000
CMD ["nexusforge", "serve", "--api-only", "--host", "0.0.0.0", "--port", "8000"]
