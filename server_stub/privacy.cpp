// Privacy: user-agent classification and address prefixes (inet_pton / inet_ntop).
#include "privacy.hpp"

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

std::string ip_prefix(std::string_view address) {
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

    if (is_v4) {
        return std::to_string(v4[0]) + "." + std::to_string(v4[1]) + "." + std::to_string(v4[2]) + ".0/24";
    }
    for (std::size_t i = 6; i < bytes.size(); ++i) bytes[i] = 0;
    std::array<char, INET6_ADDRSTRLEN> out{};
    if (inet_ntop(AF_INET6, bytes.data(), out.data(), out.size()) == nullptr) return "";
    return std::string(out.data()) + "/48";
}

}  // namespace sada::server
