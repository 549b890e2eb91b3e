"""The address a request comes from, behind the proxies the portal is told to trust.

Behind a load balancer `REMOTE_ADDR` is the balancer's own address: every visitor would share one log-in lock-out
(which would then fall back to locking a user name for everyone) and one alert-form limit. `PORTAL_TRUSTED_PROXIES`
says how many proxies stand in front of the portal; each appends the address it received the request from to
`X-Forwarded-For`, so the client is that many entries from the right. Entries further left are whatever the client
wrote and are never read. With no trusted proxy (the default) the header is ignored altogether.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address as text; `REMOTE_ADDR` when no proxy is trusted or the header is not what our
    proxies write (too few entries, or one that is not an address)."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.PORTAL_TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
