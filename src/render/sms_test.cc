#include "render/sms.h"

#include <gtest/gtest.h>

#include <string>

namespace missive {
namespace {

using nlohmann::json;

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

// A template sent by a service whose prefix setting is off.
SmsContent Unprefixed(std::string body) {
  SmsContent content;
  content.body = std::move(body);
  content.prefix = false;
  return content;
}

// A template sent by a service named `name`, with the prefix setting on.
SmsContent Prefixed(std::string body, std::string name) {
  SmsContent content;
  content.body = std::move(body);
  content.service_name = std::move(name);
  return content;
}

struct DowngradeCase {
  std::string input;
  std::string expected;
};

class SmsDowngrade : public testing::TestWithParam<DowngradeCase> {};

TEST_P(SmsDowngrade, GivesTheAllowedForm) {
  EXPECT_EQ(DowngradeSms(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Characters, SmsDowngrade,
    testing::Values(
        // Kept: GSM 03.38, its extension table, Welsh and French extras, syllabics.
        DowngradeCase{"The quick brown fox jumps over the lazy dog",
                      "The quick brown fox jumps over the lazy dog"},
        DowngradeCase{"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ!\"#¤%&'()*+,-./:;<=>?",
                      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ!\"#¤%&'()*+,-./:;<=>?"},
        DowngradeCase{"¡ÄÖÑÜ§¿äöñüà^{}\\[~]|€", "¡ÄÖÑÜ§¿äöñüà^{}\\[~]|€"},
        DowngradeCase{"ÂâÊêÎîÔôÛûŴŵŶŷ", "ÂâÊêÎîÔôÛûŴŵŶŷ"},
        DowngradeCase{"ÀÂËÎÏÔŒÙÛâçêëîïôœû", "ÀÂËÎÏÔŒÙÛâçêëîïôœû"},
        DowngradeCase{"ᐁᐃᐅᐊ ᑕᑭᓴ ᖃᐅᔨᒪ ᐦᐧ ᣔᣜ \U00011AB0\U00011ABA",
                      "ᐁᐃᐅᐊ ᑕᑭᓴ ᖃᐅᔨᒪ ᐦᐧ ᣔᣜ \U00011AB0\U00011ABA"},
        // Decomposed to the base character.
        DowngradeCase{"È", "E"}, DowngradeCase{"á", "a"}, DowngradeCase{"Łódź", "?odz"},
        DowngradeCase{"Ÿÿ", "Yy"}, DowngradeCase{"ǖ", "ü"}, DowngradeCase{"Ǻ", "Å"},
        DowngradeCase{"ḗ", "e"}, DowngradeCase{"\u2126", "Ω"},
        // Mapped.
        DowngradeCase{"\t", " "}, DowngradeCase{"–", "-"}, DowngradeCase{"—", "-"},
        DowngradeCase{"…", "..."}, DowngradeCase{"‘’", "''"}, DowngradeCase{"“”", "\"\""},
        DowngradeCase{"a\u200Bb", "ab"}, DowngradeCase{"a\u00A0b", "a b"},
        // Replaced with ?.
        DowngradeCase{"😬", "?"}, DowngradeCase{"↉", "?"}, DowngradeCase{"深", "?"},
        DowngradeCase{"Привет", "??????"}, DowngradeCase{"`", "?"}, DowngradeCase{"\f", "?"},
        DowngradeCase{"a\u200Cb", "a?b"}, DowngradeCase{"\u1402", "?"},
        DowngradeCase{"bad\xFF"
                      "byte",
                      "bad?byte"},
        DowngradeCase{"", ""}));

TEST(SmsEncoding, GsmTextIsNotUnicode) {
  EXPECT_FALSE(IsUnicodeSms("Hello world"));
  EXPECT_FALSE(IsUnicodeSms("Café à 5 € {ok}"));
  EXPECT_FALSE(IsUnicodeSms("emoji 😬 before downgrading"));
  EXPECT_FALSE(IsUnicodeSms(""));
}

TEST(SmsEncoding, WelshFrenchAndSyllabicExtrasAreUnicode) {
  for (std::string text : {"ŵ", "This is â Welsh message", "À", "ç", "Œ",
                           "Message en français: À noël", "ᐁ", "ᐊ", "\U00011AB6"}) {
    EXPECT_TRUE(IsUnicodeSms(text)) << text;
  }
}

TEST(SmsUnits, GsmExtensionCharactersCountTwo) {
  EXPECT_EQ(CountSmsUnits("abc"), 3);
  EXPECT_EQ(CountSmsUnits("a|"), 3);
  EXPECT_EQ(CountSmsUnits("^{}\\[~]|€"), 18);
  EXPECT_EQ(CountSmsUnits("é€"), 3);
  EXPECT_EQ(CountSmsUnits(""), 0);
}

TEST(SmsUnits, UnicodeCountsEveryCharacterOnce) {
  EXPECT_EQ(CountSmsUnits("â{"), 2);
  EXPECT_EQ(CountSmsUnits("Siân €"), 6);
  EXPECT_EQ(CountSmsUnits("ᐁ\U00011AB0"), 2);
}

struct FragmentCase {
  int units;
  bool unicode;
  int fragments;
};

class SmsFragments : public testing::TestWithParam<FragmentCase> {};

TEST_P(SmsFragments, FollowConcatenationSizes) {
  EXPECT_EQ(CountSmsFragments(GetParam().units, GetParam().unicode), GetParam().fragments);
}

INSTANTIATE_TEST_SUITE_P(Boundaries, SmsFragments,
                         testing::Values(FragmentCase{0, false, 1}, FragmentCase{1, false, 1},
                                         FragmentCase{160, false, 1}, FragmentCase{161, false, 2},
                                         FragmentCase{306, false, 2}, FragmentCase{307, false, 3},
                                         FragmentCase{459, false, 3}, FragmentCase{460, false, 4},
                                         FragmentCase{612, false, 4}, FragmentCase{613, false, 5},
                                         FragmentCase{0, true, 1}, FragmentCase{70, true, 1},
                                         FragmentCase{71, true, 2}, FragmentCase{134, true, 2},
                                         FragmentCase{135, true, 3}, FragmentCase{268, true, 4},
                                         FragmentCase{269, true, 5}));

struct MeasureCase {
  std::string body;
  bool unicode;
  int units;
  int fragments;
};

class SmsMeasure : public testing::TestWithParam<MeasureCase> {};

TEST_P(SmsMeasure, RenderedTextIsMeasured) {
  RenderedSms sms = RenderSms(Unprefixed(GetParam().body), json::object());
  EXPECT_EQ(sms.unicode, GetParam().unicode);
  EXPECT_EQ(sms.units, GetParam().units);
  EXPECT_EQ(sms.fragments, GetParam().fragments);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, SmsMeasure,
    testing::Values(
        MeasureCase{Repeat("a", 160), false, 160, 1}, MeasureCase{Repeat("a", 161), false, 161, 2},
        MeasureCase{Repeat("a", 306), false, 306, 2}, MeasureCase{Repeat("a", 307), false, 307, 3},
        MeasureCase{Repeat("a", 158) + "|", false, 160, 1},
        MeasureCase{Repeat("a", 159) + "|", false, 161, 2},
        MeasureCase{Repeat("a", 304) + "[]", false, 308, 3},
        MeasureCase{Repeat("^", 81), false, 162, 2}, MeasureCase{Repeat("€", 80), false, 160, 1},
        MeasureCase{Repeat("€", 81), false, 162, 2}, MeasureCase{Repeat("â", 70), true, 70, 1},
        MeasureCase{Repeat("â", 71), true, 71, 2}, MeasureCase{Repeat("À", 134), true, 134, 2},
        MeasureCase{Repeat("À", 135), true, 135, 3}, MeasureCase{Repeat("ë", 71), true, 71, 2},
        MeasureCase{Repeat("à", 161), false, 161, 2}, MeasureCase{Repeat("🚀", 160), false, 160, 1},
        MeasureCase{"Bonjour! Votre code: 123456. À conserver précieusement. Merci de ne pas le "
                    "partager.",
                    true, 84, 2},
        MeasureCase{"Nous avons bien reçu votre demande.", true, 35, 1}));

TEST(SmsRender, FillsPlaceholdersAndAddsThePrefix) {
  RenderedSms sms = RenderSms(Prefixed("Hello ((name)), your code is ((code)).", "Canada Revenue"),
                              json{{"name", "Amala"}, {"code", 123456}});
  EXPECT_EQ(sms.text, "Canada Revenue: Hello Amala, your code is 123456.");
  EXPECT_EQ(sms.api_body, "Hello Amala, your code is 123456.");
  EXPECT_FALSE(sms.unicode);
  EXPECT_EQ(sms.units, 49);
  EXPECT_EQ(sms.fragments, 1);
  EXPECT_FALSE(sms.too_long);
}

TEST(SmsRender, NoPrefixWhenTheSettingIsOff) {
  RenderedSms sms =
      RenderSms({.body = "Hello", .service_name = "Service", .prefix = false}, json::object());
  EXPECT_EQ(sms.text, "Hello");
  EXPECT_EQ(sms.api_body, "Hello");
}

TEST(SmsRender, PrefixUsesTheTrimmedAndDowngradedServiceName) {
  RenderedSms sms = RenderSms(Prefixed("Hi", "  Service – Canada\t"), json{});
  EXPECT_EQ(sms.text, "Service - Canada: Hi");
}

TEST(SmsRender, NoPrefixForAnEmptyServiceName) {
  RenderedSms sms = RenderSms(Prefixed("Hi", ""), json{});
  EXPECT_EQ(sms.text, "Hi");
}

TEST(SmsRender, ValuesAreDowngradedToo) {
  RenderedSms sms = RenderSms(Unprefixed("Hi ((name)) 👋"), json{{"name", "Zoë “Łucja” O’Brien"}});
  EXPECT_EQ(sms.text, "Hi Zoë \"?ucja\" O'Brien ?");
  EXPECT_TRUE(sms.unicode);  // ë is one of the French extras
}

TEST(SmsRender, AUnicodeValueMakesTheMessageUnicode) {
  RenderedSms sms = RenderSms(Unprefixed("Hello ((name))"), json{{"name", "Siân"}});
  EXPECT_EQ(sms.text, "Hello Siân");
  EXPECT_TRUE(sms.unicode);
  EXPECT_EQ(sms.units, 10);
  EXPECT_EQ(sms.fragments, 1);
}

TEST(SmsRender, ListsReadAsASentence) {
  RenderedSms sms =
      RenderSms(Unprefixed("Bring ((items))."), json{{"items", {"ID", "a photo", "your letter"}}});
  EXPECT_EQ(sms.text, "Bring ID, a photo and your letter.");
}

TEST(SmsRender, UnsatisfiedPlaceholdersStayAsWritten) {
  RenderedSms sms = RenderSms(Unprefixed("Hi ((name))"), json::object());
  EXPECT_EQ(sms.text, "Hi ((name))");
  EXPECT_EQ(sms.units, 11);
}

struct CleanupCase {
  std::string body;
  std::string expected;
};

class SmsCleanup : public testing::TestWithParam<CleanupCase> {};

TEST_P(SmsCleanup, GivesTheTextAsSent) {
  RenderedSms sms = RenderSms(Unprefixed(GetParam().body), json::object());
  EXPECT_EQ(sms.text, GetParam().expected);
  EXPECT_EQ(sms.api_body, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, SmsCleanup,
    testing::Values(CleanupCase{"Hello , world .", "Hello, world."},
                    CleanupCase{"tabs \t\t, too\t.", "tabs, too."},
                    CleanupCase{"wait …", "wait..."}, CleanupCase{"keep : ; ! ?", "keep : ; ! ?"},
                    CleanupCase{"5\u00A0$ .", "5 $."},
                    CleanupCase{"Prix\u00A0: 5\u00A0$", "Prix : 5 $"},
                    CleanupCase{"GOV.\u200BUK", "GOV.UK"},
                    CleanupCase{"  \r\n Hello\r\nworld \r\n\t", "Hello\nworld"},
                    CleanupCase{"a\r\rb\n\rc\r\n\nd", "a\n\nb\n\nc\n\nd"},
                    CleanupCase{"  , leading", ", leading"}, CleanupCase{"\n ., x", "., x"},
                    CleanupCase{"   ", ""}, CleanupCase{"\u200B", ""}, CleanupCase{"😬  ", "?"}));

TEST(SmsRender, SpacesBeforePunctuationAreRemovedAcrossThePrefix) {
  RenderedSms sms = RenderSms(Prefixed(" . Hi", "Service"), json{});
  EXPECT_EQ(sms.text, "Service:. Hi");
  EXPECT_EQ(sms.api_body, ". Hi");
}

TEST(SmsRender, ABodyStartingWithAnAccentFollowsThePrefix) {
  RenderedSms sms = RenderSms(Prefixed("À bientôt", "Service"), json{});
  EXPECT_EQ(sms.text, "Service: À bientôt");
  EXPECT_TRUE(sms.unicode);
}

TEST(SmsRender, ABodyStartingWithADowngradedCharacterFollowsThePrefix) {
  EXPECT_EQ(RenderSms(Prefixed("😬 Hi", "Service"), json{}).text, "Service: ? Hi");
  EXPECT_EQ(RenderSms(Prefixed("“Hi”", "Service"), json{}).text, "Service: \"Hi\"");
  EXPECT_EQ(RenderSms(Prefixed("\u200B. Hi", "Service"), json{}).text, "Service:. Hi");
}

TEST(SmsRender, AnEmptyBodyLeavesThePrefix) {
  RenderedSms sms = RenderSms(Prefixed("((name))", "Service"), json{{"name", " "}});
  EXPECT_EQ(sms.text, "Service:");
  EXPECT_EQ(sms.api_body, "");
}

TEST(SmsRender, AServiceNameOfSpacesLeavesTheColon) {
  EXPECT_EQ(RenderSms(Prefixed("Hi", "   "), json{}).text, ": Hi");
}

TEST(SmsRender, LeadingLineBreaksOfTheBodyAreKeptAfterThePrefix) {
  RenderedSms sms = RenderSms(Prefixed("\r\nHi", "Service"), json{});
  EXPECT_EQ(sms.text, "Service: \nHi");
  EXPECT_EQ(sms.api_body, "Hi");
}

TEST(SmsLimit, At612UnitsWithoutPrefixIsAllowed) {
  RenderedSms sms = RenderSms(Unprefixed(Repeat("a", 612)), json{});
  EXPECT_EQ(sms.units, 612);
  EXPECT_EQ(sms.fragments, 4);
  EXPECT_FALSE(sms.too_long);
}

TEST(SmsLimit, At613UnitsWithoutPrefixIsTooLong) {
  RenderedSms sms = RenderSms(Unprefixed(Repeat("a", 613)), json{});
  EXPECT_TRUE(sms.too_long);
}

TEST(SmsLimit, ThePrefixCountsTheServiceNameAndTwo) {
  RenderedSms fits = RenderSms(Prefixed(Repeat("a", 603), "Service"), json{});
  EXPECT_EQ(fits.units, 612);
  EXPECT_FALSE(fits.too_long);
  RenderedSms over = RenderSms(Prefixed(Repeat("a", 604), "Service"), json{});
  EXPECT_TRUE(over.too_long);
}

TEST(SmsLimit, ThePrefixCountsTheNameAsWritten) {
  // 7 characters of name (two of them spaces the prefix trims) + 2 + 603 = 612.
  RenderedSms sms = RenderSms(Prefixed(Repeat("a", 603), " Notif "), json{});
  EXPECT_FALSE(sms.too_long);
  EXPECT_EQ(sms.units, 610);
}

TEST(SmsLimit, ExtensionCharactersCountTwoTowardsTheLimit) {
  EXPECT_FALSE(RenderSms(Unprefixed(Repeat("{", 306)), json{}).too_long);
  EXPECT_TRUE(RenderSms(Unprefixed(Repeat("{", 307)), json{}).too_long);
}

TEST(SmsLimit, UnicodeCountsEveryCharacterOnceTowardsTheLimit) {
  RenderedSms fits = RenderSms(Unprefixed(Repeat("â", 612)), json{});
  EXPECT_FALSE(fits.too_long);
  EXPECT_EQ(fits.fragments, 10);
  EXPECT_TRUE(RenderSms(Unprefixed(Repeat("â", 613)), json{}).too_long);
}

TEST(SmsLimit, IsCheckedAfterPlaceholdersAreFilled) {
  RenderedSms sms = RenderSms(Unprefixed("((long))"), json{{"long", Repeat("x", 700)}});
  EXPECT_TRUE(sms.too_long);
  EXPECT_EQ(sms.units, 700);
  EXPECT_EQ(sms.fragments, 5);
}

}  // namespace
}  // namespace missive
