// Privacy: user-agent classification and address prefixes (inet_pton / inet_ntop).
#include "privacy.hpp"

#include <algorithm>

#include <arpa/inet.h>

#include <array>
#include <cstring>
#include <initializer_list>

namespace sada::server {

namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool contains_any(std::string_view text, std::initializer_list<std::string_view> parts) {
    for (const auto part : parts) {
        if (contains(text, part)) return true;
    }
    return false;
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string browser_of(std::string_view ua) {
    // Order matters: Edge, Opera and Samsung Internet also say "Chrome/", Chrome on iOS and
    // Firefox on iOS also say "Safari/".
    if (contains_any(ua, {"Edg/", "EdgA/", "EdgiOS/", "Edge/"})) return "edge";
    if (contains_any(ua, {"OPR/", "OPT/", "Opera"})) return "opera";
    if (contains(ua, "SamsungBrowser")) return "samsung";
    if (contains_any(ua, {"Firefox/", "FxiOS/"})) return "firefox";
    if (contains_any(ua, {"Chrome/", "CriOS/", "Chromium/"})) return "chrome";
    if (contains(ua, "Safari/")) return "safari";
    return "other";
}

std::string device_of(std::string_view ua) {
    if (contains(ua, "iPad")) return "tablet";
    if (contains(ua, "Android")) return contains(ua, "Mobile") ? "mobile" : "tablet";
    if (contains_any(ua, {"Mobi", "iPhone", "iPod"})) return "mobile";
    if (contains_any(ua, {"Windows", "Macintosh", "X11", "Linux", "CrOS"})) return "desktop";
    return "other";
}

}  // namespace

ClientClass classify_user_agent(std::string_view user_agent) {
    if (user_agent.empty()) return {"other", "other"};
    const std::string lowered = lower_ascii(user_agent);
    if (contains_any(lowered, {"bot", "crawler", "spider", "curl", "wget", "python-requests"})) {
        return {"bot", "other"};
    }
    return {device_of(user_agent), browser_of(user_agent)};
}

std::string address_prefix(std::string_view address, int ipv4_bits, int ipv6_bits) {
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
        address = address.substr(1, address.size() - 2);
    }
    const std::size_t zone = address.find('%');
    if (zone != std::string_view::npos && contains(address, ":")) address = address.substr(0, zone);
    if (address.empty() || address.size() > 64 || contains(address, std::string_view("\0", 1))) return "";
    const std::string text(address);  // inet_pton needs a terminating NUL

    std::array<unsigned char, 16> bytes{};
    std::array<unsigned char, 4> v4{};
    bool is_v4 = false;
    if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) {
        is_v4 = true;
    } else if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
        static constexpr std::array<unsigned char, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(bytes.data(), kMapped.data(), kMapped.size()) == 0) {
            std::memcpy(v4.data(), bytes.data() + 12, 4);
            is_v4 = true;
        }
    } else {
        return "";
    }

    // Keeps the first `bits` bits of the address and clears the rest.
    const auto mask = [](unsigned char* data, std::size_t size, int bits) {
        for (std::size_t i = 0; i < size; ++i) {
            const int keep = std::clamp(bits - static_cast<int>(i) * 8, 0, 8);
            data[i] &= static_cast<unsigned char>(0xFF00 >> keep);
        }
    };
    if (is_v4) {
        mask(v4.data(), v4.size(), ipv4_bits);
        return std::to_string(v4[0]) + "." + std::to_string(v4[1]) + "." + std::to_string(v4[2]) + "." +
               std::to_string(v4[3]) + "/" + std::to_string(ipv4_bits);
    }
    mask(bytes.data(), bytes.size(), ipv6_bits);
    std::array<char, INET6_ADDRSTRLEN> out{};
    if (inet_ntop(AF_INET6, bytes.data(), out.data(), out.size()) == nullptr) return "";
    return std::string(out.data()) + "/" + std::to_string(ipv6_bits);
}

std::string ip_prefix(std::string_view address) { return address_prefix(address, 24, 48); }

std::string rate_limit_subject(std::string_view address) {
    const std::string prefix = address_prefix(address, 32, 64);
    return prefix.empty() ? std::string(address) : prefix;
}

}  // namespace sada::server
