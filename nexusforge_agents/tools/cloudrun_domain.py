"""A custom domain for a Cloud Run service, through the Cloud Run Admin API v1 domain mappings.

google-cloud-run 0.16 speaks only the v2 API, which has no domain mappings, so this module calls the v1 REST
API (``domains.cloudrun.com/v1``, regional endpoint) with the same authorized session. Cloud Run fills in the
DNS records the user must add shortly after the mapping is created; they are polled for a bounded time and
returned with the deployment, and a redeploy finds the existing mapping instead of failing.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import quote

from google.api_core import exceptions as api_exceptions

from .cloudrun_config import CloudRunSettings
from .cloudrun_record import GOOGLE_ERRORS, DeployRecord, request_json

API = "https://{region}-run.googleapis.com/apis/domains.cloudrun.com/v1/namespaces/{project}/domainmappings"


def mapping_body(domain: str, service_id: str, project: str, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "apiVersion": "domains.cloudrun.com/v1",
        "kind": "DomainMapping",
        "metadata": {"name": domain, "namespace": project, "labels": labels},
        "spec": {"routeName": service_id, "certificateMode": "AUTOMATIC"},
    }


def dns_records(mapping: dict[str, Any]) -> list[dict[str, str]]:
    """The records to add at the DNS provider; ``name`` is relative to the zone (``@`` for the apex)."""
    return [
        {"type": item.get("type", ""), "name": item.get("name") or "@", "rrdata": item["rrdata"]}
        for item in mapping.get("status", {}).get("resourceRecords", [])
    ]


def summary(mapping: dict[str, Any], domain: str, region: str, project: str) -> dict[str, Any]:
    """The domain part of the deployment result: its state, the DNS records and what the user must do."""
    conditions = {c.get("type"): c for c in mapping.get("status", {}).get("conditions", [])}
    ready = conditions.get("Ready", {})
    records = dns_records(mapping)
    if ready.get("status") == "True":
        state, todo = "active", f"https://{domain} serves the app."
    elif records:
        lines = "; ".join(f"{r['type']} {r['name']} {r['rrdata']}" for r in records)
        state = "waiting_for_dns"
        todo = (
            f"Add these DNS records for {domain} at your DNS provider (type name value): {lines}. Cloud Run "
            f"then issues the certificate (up to 24 hours) and https://{domain} serves the app."
        )
    else:
        state = "pending"
        todo = (
            "Cloud Run has not published the DNS records yet; read them later with `gcloud beta run "
            f"domain-mappings describe --domain {domain} --region {region} --project {project}`."
        )
    return {
        "name": domain,
        "state": state,
        "reason": ready.get("reason") or ready.get("message") or "",
        "dns_records": records,
        "instructions": todo,
    }


async def map_domain(
    session: Any,
    settings: CloudRunSettings,
    record: DeployRecord,
    *,
    domain: str,
    service_id: str,
    labels: dict[str, str],
    service_uri: str,
) -> dict[str, Any]:
    """Map ``domain`` to the service (or find the mapping a previous deploy made) and return its summary."""
    api = API.format(region=settings.region, project=quote(settings.project or "", safe=""))
    one = f"{api}/{quote(domain, safe='')}"
    record.untouched = f"The service itself is deployed and serving at {service_uri}; only the domain is missing."
    extra = {"service_url": service_uri, "domain": domain}

    try:
        try:
            body = mapping_body(domain, service_id, settings.project or "", labels)
            mapping = await asyncio.to_thread(request_json, session, "POST", api, json=body)
        except api_exceptions.Conflict:
            mapping = await asyncio.to_thread(request_json, session, "GET", one)
            routed = mapping.get("spec", {}).get("routeName")
            if routed != service_id:
                raise record.failure(
                    f"{domain} is already mapped to the service {routed}. Remove that mapping (`gcloud beta run "
                    f"domain-mappings delete --domain {domain} --region {settings.region}`) or choose another "
                    "domain.",
                    retry_possible=False,
                    error=f"domain mapping {domain} routes to {routed}, not {service_id}",
                    **extra,
                ) from None
        deadline = time.monotonic() + settings.domain_timeout_s
        while not dns_records(mapping) and (remaining := deadline - time.monotonic()) > 0:
            await asyncio.sleep(min(settings.poll_interval_s, remaining))
            mapping = await asyncio.to_thread(request_json, session, "GET", one)
    except GOOGLE_ERRORS as exc:
        raise record.from_exception(exc, **extra) from exc
    return summary(mapping, domain, settings.region or "", settings.project or "")
