// Tests for what the server keeps about clients: user-agent classes and address prefixes.
#include "privacy.hpp"

#include <doctest/doctest.h>

#include <string>

using sada::server::classify_user_agent;
using sada::server::ip_prefix;

namespace {

std::string classify(std::string_view ua) {
    const auto c = classify_user_agent(ua);
    return c.device_class + "/" + c.browser;
}

}  // namespace

TEST_CASE("desktop browsers are told apart despite shared tokens") {
    SUBCASE("chrome") {
        CHECK(classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0.0.0 Safari/537.36") == "desktop/chrome");
    }
    SUBCASE("edge says Chrome too") {
        CHECK(classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91") == "desktop/edge");
    }
    SUBCASE("opera says Chrome too") {
        CHECK(classify("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0") == "desktop/opera");
    }
    SUBCASE("firefox") {
        CHECK(classify("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0") ==
              "desktop/firefox");
    }
    SUBCASE("safari") {
        CHECK(classify("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                       "Version/17.2 Safari/605.1.15") == "desktop/safari");
    }
}

TEST_CASE("phones and tablets") {
    SUBCASE("iPhone Safari") {
        CHECK(classify("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                       "Version/17.2 Mobile/15E148 Safari/604.1") == "mobile/safari");
    }
    SUBCASE("Chrome on iOS is chrome") {
        CHECK(classify("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                       "CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1") == "mobile/chrome");
    }
    SUBCASE("Firefox on iOS is firefox") {
        CHECK(classify("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                       "FxiOS/121.0 Mobile/15E148 Safari/605.1.15") == "mobile/firefox");
    }
    SUBCASE("Android phone Chrome") {
        CHECK(classify("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0.0.0 Mobile Safari/537.36") == "mobile/chrome");
    }
    SUBCASE("Samsung Internet says Chrome too") {
        CHECK(classify("Mozilla/5.0 (Linux; Android 13; SM-S901B) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36") == "mobile/samsung");
    }
    SUBCASE("Android without Mobile is a tablet") {
        CHECK(classify("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0.0.0 Safari/537.36") == "tablet/chrome");
    }
    SUBCASE("iPad is a tablet even with Mobile") {
        CHECK(classify("Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                       "Version/17.2 Mobile/15E148 Safari/604.1") == "tablet/safari");
    }
    SUBCASE("Edge on Android") {
        CHECK(classify("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.2210.115") == "mobile/edge");
    }
}

TEST_CASE("bots and tools are bots") {
    CHECK(classify("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)") == "bot/other");
    CHECK(classify("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)") == "bot/other");
    CHECK(classify("Mozilla/5.0 (compatible; AhrefsSiteCrawler/1.0)") == "bot/other");
    CHECK(classify("Baiduspider+(+http://www.baidu.com/search/spider.htm)") == "bot/other");
    CHECK(classify("curl/8.5.0") == "bot/other");
    CHECK(classify("Wget/1.21.4") == "bot/other");
    CHECK(classify("python-requests/2.31.0") == "bot/other");
}

TEST_CASE("empty and unknown agents are other") {
    CHECK(classify("") == "other/other");
    CHECK(classify("SomethingElse/1.0") == "other/other");
}

TEST_CASE("IPv4 addresses keep their /24") {
    CHECK(ip_prefix("192.168.1.77") == "192.168.1.0/24");
    CHECK(ip_prefix("8.8.8.8") == "8.8.8.0/24");
    CHECK(ip_prefix("0.0.0.0") == "0.0.0.0/24");
    SUBCASE("IPv4-mapped IPv6 counts as IPv4") {
        CHECK(ip_prefix("::ffff:1.2.3.4") == "1.2.3.0/24");
        CHECK(ip_prefix("::FFFF:10.20.30.40") == "10.20.30.0/24");
    }
}

TEST_CASE("IPv6 addresses keep their first 48 bits, normalised") {
    CHECK(ip_prefix("2001:0DB8:85a3:0000:0000:8a2e:0370:7334") == "2001:db8:85a3::/48");
    CHECK(ip_prefix("2001:db8:1:2:3:4:5:6") == "2001:db8:1::/48");
    CHECK(ip_prefix("::1") == "::/48");
    CHECK(ip_prefix("0:0:1::") == "0:0:1::/48");
    SUBCASE("brackets and zones are ignored") {
        CHECK(ip_prefix("[2001:db8:abcd:12::1]") == "2001:db8:abcd::/48");
        CHECK(ip_prefix("fe80::1%eth0") == "fe80::/48");
    }
}

TEST_CASE("unparseable addresses give an empty prefix") {
    CHECK(ip_prefix("") == "");
    CHECK(ip_prefix("localhost") == "");
    CHECK(ip_prefix("1.2.3") == "");
    CHECK(ip_prefix("1.2.3.256") == "");
    CHECK(ip_prefix("1.2.3.4%eth0") == "");
    CHECK(ip_prefix("1.2.3.4:8080") == "");
    CHECK(ip_prefix(std::string("1.2.3.4\0", 8)) == "");
    CHECK(ip_prefix("2001:db8::g") == "");
    CHECK(ip_prefix(std::string(100, '1')) == "");
}

TEST_CASE("rate limits apply to a whole IPv4 address or an IPv6 /64") {
    using sada::server::rate_limit_subject;
    CHECK(rate_limit_subject("192.168.1.77") == "192.168.1.77/32");
    CHECK(rate_limit_subject("192.168.1.78") != rate_limit_subject("192.168.1.77"));
    CHECK(rate_limit_subject("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
    CHECK(rate_limit_subject("2001:db8:1:2:bbbb::9") == rate_limit_subject("2001:db8:1:2:aaaa::1"));
    CHECK(rate_limit_subject("2001:db8:1:3::1") != rate_limit_subject("2001:db8:1:2::1"));
    CHECK(rate_limit_subject("not an address") == "not an address");
}
