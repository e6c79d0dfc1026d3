// Privacy: what the server keeps about a client instead of its IP address and user agent.
#pragma once

#include <string>
#include <string_view>

namespace sada::server {

// A coarse class of the client, enough for reports ("mobile Safari"), too coarse to identify anyone.
struct ClientClass {
    std::string device_class;  // "mobile" | "tablet" | "desktop" | "bot" | "other"
    std::string browser;       // "chrome" | "firefox" | "safari" | "edge" | "opera" | "samsung" | "other"
};

// Classifies a User-Agent header. Bots (bot, crawler, spider, curl, wget, python-requests, ...)
// get device "bot" and browser "other"; an empty or unrecognised agent is "other".
ClientClass classify_user_agent(std::string_view user_agent);

// The network prefix of an address, never the address itself: IPv4 "a.b.c.0/24", IPv6 its first
// 48 bits in RFC 5952 form ("2001:db8:1::/48", "::/48" for "::1"). IPv4-mapped IPv6
// ("::ffff:1.2.3.4") counts as IPv4. Brackets ("[::1]") and a zone ("fe80::1%eth0") are ignored.
// Anything unparseable gives "".
std::string ip_prefix(std::string_view address);

// The first `ipv4_bits` / `ipv6_bits` of an address in CIDR form ("" when unparseable).
std::string address_prefix(std::string_view address, int ipv4_bits, int ipv6_bits);

// Who a rate limit applies to: the whole IPv4 address, or the IPv6 /64 (one household or
// host usually holds a whole /64, so rotating addresses inside it does not escape the limit).
std::string rate_limit_subject(std::string_view address);

}  // namespace sada::server
