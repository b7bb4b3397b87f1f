# OmniX Pipeline runtime image: one image for every role (api, worker, scheduler, dashboard), chosen per container
# with OMNIX_ROLES; see docker-compose.yml.
#
# This is a runtime-only image: it does NOT compile anything. Build the launcher jar on the host first with the
# README build command, e.g.
#   mvn -B -DskipTests install
# which produces pipeline-launcher/target/pipeline-launcher-0.1.0-SNAPSHOT.jar (a Spring Boot fat jar), then
#   docker compose build        (or: docker build -t omnix-pipeline:latest .)
# When the project version changes, update the COPY line below (DockerComposeFileTest checks that it matches).
FROM eclipse-temurin:17-jre

# A fixed non-root uid/gid, so volume permissions and runAsNonRoot policies are predictable.
RUN groupadd --system --gid 10001 omnix \
 && useradd --system --uid 10001 --gid omnix --home-dir /app --no-create-home --shell /usr/sbin/nologin omnix \
 && mkdir -p /app/data \
 && chown omnix:omnix /app/data

WORKDIR /app

# The jar stays owned by root (read-only for the app user); only /app/data is writable.
COPY pipeline-launcher/target/pipeline-launcher-0.1.0-SNAPSHOT.jar /app/pipeline.jar

# omnix.data-dir: local working files (e.g. a generated dashboard password when none is configured).
ENV OMNIX_DATADIR=/app/data

USER 10001:10001

# 8080: REST API and /actuator/health (every role serves actuator on it); 8000: JobRunr dashboard (dashboard role).
EXPOSE 8080 8000

# The JRE image has no curl/wget; bash's /dev/tcp is enough. HTTP 200 from /actuator/health means UP
# (503 means DOWN or OUT_OF_SERVICE). docker-compose.yml defines the same check with its own timings.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-jar","/app/pipeline.jar"]
