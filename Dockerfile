# Builds the SPA and the `convot` server into one small image.
FROM node:20-bookworm AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY openapi.yaml /src/openapi.yaml
RUN npm run build

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY Cargo.toml Cargo.lock rustfmt.toml ./
COPY api api
COPY entity entity
COPY migration migration
COPY tests tests
RUN cargo build --release -p api --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=server /src/target/release/convot /usr/local/bin/convot
COPY --from=spa /src/frontend/dist /app/frontend/dist
ENV CONVOT_ADDR=0.0.0.0:8080 CONVOT_STATIC_DIR=/app/frontend/dist CONVOT_DATA_DIR=/app/data
EXPOSE 8080
CMD ["convot", "serve"]
