"""Address ranges that are not the public internet, as data: cloud metadata services and the
IANA special-purpose registries.

Python's ``ipaddress`` flags differ between releases (``192.0.0.0/24`` counts as global in
3.11.7), so the fetcher checks against these tables instead. Sources: the IANA IPv4 and IPv6
Special-Purpose Address Registries (RFC 6890 and its updates), and the cloud providers'
documentation of their instance metadata and credential endpoints.
"""

from __future__ import annotations

#: Instance metadata and credential endpoints: refused even with ``allow_private``.
CLOUD_METADATA: tuple[tuple[str, str], ...] = (
    ("169.254.169.254", "AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack instance metadata"),
    ("fd00:ec2::254", "AWS instance metadata over IPv6"),
    ("169.254.170.2", "AWS ECS task credentials"),
    ("169.254.170.23", "AWS EKS pod identity agent"),
    ("fd00:ec2::23", "AWS EKS pod identity agent over IPv6"),
    ("fd20:ce::254", "GCP metadata over IPv6"),
    ("168.63.129.16", "Azure wire server"),
    ("192.0.0.192", "Oracle Cloud metadata"),
    ("100.100.100.200", "Alibaba Cloud metadata"),
    ("169.254.0.23", "Tencent Cloud metadata"),
)

#: Ranges that are never public unicast: (network, what it is). Checked in order, so the
#: narrower entry of two overlapping ones names the reason.
SPECIAL_PURPOSE: tuple[tuple[str, str], ...] = (
    # IPv4
    ("0.0.0.0/8", "a 'this network' address"),
    ("10.0.0.0/8", "a private address"),
    ("100.64.0.0/10", "a carrier-grade NAT address"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address"),
    ("172.16.0.0/12", "a private address"),
    ("192.0.0.0/24", "an IETF protocol assignment address"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.31.196.0/24", "an AS112 service address"),
    ("192.52.193.0/24", "an AMT relay address"),
    ("192.88.99.0/24", "a 6to4 relay anycast address"),
    ("192.168.0.0/16", "a private address"),
    ("192.175.48.0/24", "an AS112 service address"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("240.0.0.0/4", "a reserved address"),
    ("255.255.255.255/32", "a broadcast address"),
    # IPv6
    ("::1/128", "a loopback address"),
    ("::/128", "an unspecified address"),
    ("::ffff:0:0/96", "an IPv4-mapped address"),
    ("64:ff9b:1::/48", "a local-use NAT64 address"),
    ("100::/64", "a discard-only address"),
    ("100:0:0:1::/64", "a dummy-prefix address"),
    ("2001::/23", "an IETF protocol assignment address"),
    ("2001:db8::/32", "a documentation address"),
    ("2620:4f:8000::/48", "an AS112 service address"),
    ("3fff::/20", "a documentation address"),
    ("5f00::/16", "a segment-routing address"),
    ("fc00::/7", "a private address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address"),
)
