"""Write the Cloud Run cassettes from the documented wire formats (no live recording was possible where they were made).

Run from the repository root:  python -m tests.tools.cassettes.build_cassettes

Each scenario is the sequence of calls the deployer makes, with the answers the APIs document (wire_build.py,
wire_run.py). The request bodies are what the deployer must send, written out by hand; the tests' ``json_body``
matcher compares them field by field with what it does send. Re-recording live replaces these files; see
README.md.
"""

from __future__ import annotations

from tests.tools.test_cloudrun_harness import APP_BROKEN, APP_V1, APP_V2, DOMAIN, SERVICE

from .wire_build import (
    COMPUTE_SA,
    DOMAINS,
    FAILURE,
    IMAGE,
    INT_ENUMS,
    LABELS,
    PARENT,
    RUN,
    SERVICE_NAME,
    USER_BUILD_STEP,
    WORKING,
    Build,
    Source,
    google_error,
    interaction,
    write,
)
from .wire_run import (
    DIGEST_V1,
    DIGEST_V2,
    ETAG,
    MAPPING_BODY,
    PENDING_CERT,
    PORTS,
    PROBE,
    RECORDS,
    SECRET_ENV,
    digest,
    dm_condition,
    get_service,
    in_progress,
    int_enums,
    limits,
    mapping,
    operation,
    poll,
    served,
    service_missing,
)

# ----------------------------------------------------------------------------------------------- scenarios

V1 = Source(APP_V1, "1748855671203117", "2025-06-02T09:14:31.215Z")
V2 = Source(APP_V2, "1749031288730554", "2025-06-04T10:01:28.781Z")
BROKEN = Source(APP_BROKEN, "1748856903318807", "2025-06-02T09:35:03.371Z")
SCALING_V1 = {"minInstanceCount": 1, "maxInstanceCount": 10}
SCALING_V2 = {"minInstanceCount": 1, "maxInstanceCount": 20}
CREATE_V1 = {
    "labels": LABELS,
    "client": "nexusforge",
    "ingress": 1,
    "template": {
        "labels": LABELS,
        "scaling": SCALING_V1,
        "containers": [{"image": f"{IMAGE}@{DIGEST_V1}", "resources": limits("1", "2Gi")}],
    },
    "traffic": [{"type": 1, "percent": 100}],
    "invokerIamDisabled": True,
}


def first_deploy() -> list[dict]:
    build = Build(V1, "6f1c2a9e-3b7d-4e52-9a10-2f8d5c7b9e41")
    op_id = "2d4b6a8c-1e3f-4a5b-9c7d-0e2f4a6b8c1d"
    ready = served(image=f"{IMAGE}@{DIGEST_V1}", revision="00001-x7k", generation="1", scaling=SCALING_V1,
                   resources=limits("1", "2Gi"), when="2025-06-02T09:16:44.203931Z")  # fmt: skip
    running = in_progress(CREATE_V1, "1", "00001-x7k", "CONDITION_RECONCILING", "CONDITION_PENDING",
                          "2025-06-02T09:16:44.203931Z")  # fmt: skip
    configured = in_progress(CREATE_V1, "1", "00001-x7k", "CONDITION_SUCCEEDED", "CONDITION_RECONCILING",
                             "2025-06-02T09:16:44.203931Z")  # fmt: skip
    create = interaction("POST", f"{RUN}/{PARENT}/services?serviceId={SERVICE}&{INT_ENUMS}", 200,
                         operation(op_id, running, ints=True), sent=CREATE_V1)  # fmt: skip
    pending = {"conditions": [dm_condition("Ready", "Unknown"), dm_condition("CertificateProvisioned", "Unknown"),
                              dm_condition("DomainRoutable", "Unknown")], "observedGeneration": 1}  # fmt: skip
    records = {
        "conditions": [
            dm_condition("Ready", "Unknown", "CertificatePending", PENDING_CERT),
            dm_condition("CertificateProvisioned", "Unknown", "CertificatePending", PENDING_CERT),
            dm_condition("DomainRoutable", "True"),
        ],
        "observedGeneration": 1,
        "resourceRecords": RECORDS,
        "mappedRouteName": SERVICE,
    }
    return [
        V1.upload(),
        build.create(),
        build.get(WORKING),
        build.succeeded(DIGEST_V1),
        service_missing(),
        create,
        poll(op_id, operation(op_id, running)),
        poll(op_id, operation(op_id, configured)),
        poll(op_id, operation(op_id, configured, response=ready)),
        interaction("POST", DOMAINS, 200, mapping(pending), sent=MAPPING_BODY),
        interaction("GET", f"{DOMAINS}/{DOMAIN}", 200, mapping(records)),
    ]


def redeploy() -> list[dict]:
    build = Build(V2, "a83e51c4-92d0-4b6f-8e17-c5d9f0a2b3e4")
    op_id = "7e9f1a3b-5c7d-4e9f-8a1b-3c5d7e9f1a2b"
    # As it runs today: revision 00002 came from a console edit that added the database secret.
    today = served(image=f"{IMAGE}@{DIGEST_V1}", revision="00002-q4w", generation="2", scaling=SCALING_V1,
                   resources=limits("1", "2Gi"), when="2025-06-03T15:40:12.772210Z", env=SECRET_ENV)  # fmt: skip
    # The service's name travels in the URL path only (the REST mapping takes it out of the body).
    patch = {
        "labels": LABELS,
        "client": "nexusforge",
        "ingress": 1,
        "launchStage": 4,
        "template": {
            "labels": LABELS,
            "scaling": SCALING_V2,
            "timeout": "300s",
            "serviceAccount": COMPUTE_SA,
            "containers": [
                {
                    "image": f"{IMAGE}@{DIGEST_V2}",
                    "env": SECRET_ENV,
                    "resources": limits("2", "4Gi"),
                    "ports": PORTS,
                    "startupProbe": PROBE,
                }
            ],
            "maxInstanceRequestConcurrency": 80,
        },
        "traffic": [{"type": 1, "percent": 100}],
        "invokerIamDisabled": True,
        "etag": ETAG,
    }
    after = served(image=f"{IMAGE}@{DIGEST_V2}", revision="00003-m2p", generation="3", scaling=SCALING_V2,
                   resources=limits("2", "4Gi"), when="2025-06-04T10:03:52.118032Z", env=SECRET_ENV)  # fmt: skip
    running = in_progress({k: v for k, v in patch.items() if k != "etag"}, "3", "00003-m2p", "CONDITION_RECONCILING",
                          "CONDITION_SUCCEEDED", "2025-06-04T10:03:40.513322Z")  # fmt: skip
    update = interaction("PATCH", f"{RUN}/{SERVICE_NAME}?{INT_ENUMS}", 200, operation(op_id, running, ints=True),
                         sent=patch)  # fmt: skip
    exists = google_error(409, "ALREADY_EXISTS", f"Resource '{DOMAIN}' already exists.")
    active = {
        "conditions": [
            dm_condition("Ready", "True"),
            dm_condition("CertificateProvisioned", "True"),
            dm_condition("DomainRoutable", "True"),
        ],
        "observedGeneration": 1,
        "resourceRecords": RECORDS,
        "mappedRouteName": SERVICE,
    }
    return [
        V2.upload(),
        build.create(),
        build.succeeded(DIGEST_V2),
        get_service(200, int_enums(today)),
        update,
        poll(op_id, operation(op_id, running, response=after)),
        interaction("POST", DOMAINS, 409, exists, sent=MAPPING_BODY),
        interaction("GET", f"{DOMAINS}/{DOMAIN}", 200, mapping(active)),
    ]


def build_failure() -> list[dict]:
    build = Build(BROKEN, "c41d7e09-5a2b-4f8c-9d3e-6b1a0f7e2c58")
    step = 'Build step failure: build step 0 "gcr.io/cloud-builders/docker" failed: step exited with non-zero status: 1'
    return [
        BROKEN.upload(),
        build.create(),
        build.get(WORKING),
        build.get(
            FAILURE,
            finishTime="2025-06-02T09:35:41.093518Z",
            statusDetail=step,
            failureInfo={"type": USER_BUILD_STEP, "detail": step},
        ),  # fmt: skip
    ]


def permission_denied() -> list[dict]:
    build = Build(V1, "e5a7c9b1-3d5f-4e7a-9c1b-5d7f9a1c3e5b")
    create = dict(CREATE_V1)
    message = f"Permission 'iam.serviceaccounts.actAs' denied on service account {COMPUTE_SA} (or it may not exist)."
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "IAM_PERMISSION_DENIED",
            "domain": "iam.googleapis.com",
            "metadata": {"permission": "iam.serviceaccounts.actAs"},
        }
    ]
    return [
        V1.upload(),
        build.create(),
        build.succeeded(DIGEST_V1),
        service_missing(),
        interaction(
            "POST",
            f"{RUN}/{PARENT}/services?serviceId={SERVICE}&{INT_ENUMS}",
            403,
            google_error(403, "PERMISSION_DENIED", message, details),
            sent=create,
        ),  # fmt: skip
    ]


def domain_not_verified() -> list[dict]:
    """The first deploy up to a ready service, then Cloud Run refuses to map a domain the caller has not verified."""
    message = (
        f"Caller is not authorized to administer the domain {DOMAIN}. If you own {DOMAIN}, you can obtain "
        "authorization by verifying ownership of the domain, or any of its parent domains, via the Webmaster "
        f"Central portal: https://www.google.com/webmasters/verification/verification?domain={DOMAIN}"
    )
    refused = interaction("POST", DOMAINS, 403, google_error(403, "PERMISSION_DENIED", message), sent=MAPPING_BODY)
    return [*first_deploy()[:-2], refused]


def build_timeout() -> list[dict]:
    build = Build(V1, "0b9d7f5e-3c1a-4e8f-b6d4-2a0c8e6f4b2d", timeout=None)
    return [V1.upload(), build.create(), build.get(WORKING), build.cancel()]


def foreign_service() -> list[dict]:
    build = Build(V1, "9d1f3b5e-7a9c-4b1d-8f3a-5c7e9b1d3f5a")
    theirs = served(image="us-docker.pkg.dev/billing-prod/app/billing@" + digest("billing"), revision="00012-abc",
                    generation="12", scaling={"maxInstanceCount": 3}, resources=limits("1", "512Mi"),
                    when="2025-05-20T08:00:00.000000Z", labels={"team": "billing"})  # fmt: skip
    return [V1.upload(), build.create(), build.succeeded(DIGEST_V1), get_service(200, int_enums(theirs))]


if __name__ == "__main__":
    write("first_deploy", first_deploy())
    write("redeploy", redeploy())
    write("build_failure", build_failure())
    write("permission_denied", permission_denied())
    write("domain_not_verified", domain_not_verified())
    write("build_timeout", build_timeout())
    write("foreign_service", foreign_service())
