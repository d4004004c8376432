#include "render/internal/html_escape.h"

#include <gtest/gtest.h>

#include <string>

#include "render/internal/url.h"

namespace missive::render_internal {
namespace {

// Each expected string is what GC Notify's libraries (bleach, Python's html and urllib) give.
struct TextCase {
  const char* name;
  std::string input;
  std::string expected;
};

std::string CaseName(const testing::TestParamInfo<TextCase>& info) { return info.param.name; }

class EscapeKeepingReferencesTest : public testing::TestWithParam<TextCase> {};

TEST_P(EscapeKeepingReferencesTest, EscapesAsBleachDoes) {
  EXPECT_EQ(EscapeKeepingReferences(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Bleach, EscapeKeepingReferencesTest,
    testing::Values(TextCase{"BareAmpersand", "AT&T", "AT&amp;T"},
                    TextCase{"ReferencesKept", "&eacute; &#233; &#xE9; &am; &zz; &eacute <b>",
                             "&eacute; &#233; &#xE9; &am; &amp;zz; &amp;eacute &lt;b&gt;"},
                    TextCase{"LineEndingsNormalised", "a\r\nb\rc", "a\nb\nc"},
                    TextCase{"ControlCharacters", std::string("x\0y\x01z\x7f", 6), "xy?z\x7f"},
                    TextCase{"NumericReferenceSwallowsOneStrayCharacter", "&#12a;", "&#12;;"}),
    CaseName);

class UnescapeHtmlTest : public testing::TestWithParam<TextCase> {};

TEST_P(UnescapeHtmlTest, UnescapesAsPythonDoes) {
  EXPECT_EQ(UnescapeHtml(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Python, UnescapeHtmlTest,
    testing::Values(TextCase{"Named", "&eacute;t&eacute;", "\u00E9t\u00E9"},
                    TextCase{"LegacyNameWithoutSemicolon", "&copy2", "\u00A92"},
                    TextCase{"LongestLegacyPrefix", "&notit;", "\u00ACit;"},
                    TextCase{"Numeric", "&#8217;&#x2019;", "\u2019\u2019"},
                    TextCase{"Windows1252Range", "&#150;", "\u2013"},
                    TextCase{"InvalidNumbers", "&#0;|&#1;|&#xD800;|&#x110000;",
                             "\uFFFD||\uFFFD|\uFFFD"},
                    TextCase{"UnknownKept", "&unknown; & &#; &#x;", "&unknown; & &#; &#x;"},
                    TextCase{"UpperCaseLegacy", "&AMP;&ampx", "&&x"}),
    CaseName);

TEST(AppendMarkdownEscaped, KeepsReferenceShapedAmpersands) {
  std::string out;
  AppendMarkdownEscaped(out, "a & b &c; &#1; <x>");
  EXPECT_EQ(out, "a &amp; b &c; &#1; &lt;x&gt;");
}

class PercentUnquoteTest : public testing::TestWithParam<TextCase> {};

TEST_P(PercentUnquoteTest, DecodesAsUrllibDoes) {
  EXPECT_EQ(PercentUnquote(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Urllib, PercentUnquoteTest,
                         testing::Values(TextCase{"InvalidEscapesKept", "%41%zz%", "A%zz%"},
                                         TextCase{"Utf8", "%C3%A9", "\u00E9"},
                                         TextCase{"TruncatedSequence", "%C3", "\uFFFD"},
                                         TextCase{"TruncatedThreeBytes", "%E2%82", "\uFFFD"},
                                         TextCase{"RawNonAsciiKept", "\u00E9%20x", "\u00E9 x"},
                                         TextCase{"InvalidByte", "%E2%82%AC%FF", "\u20AC\uFFFD"}),
                         CaseName);

TEST(PercentQuote, EncodesAllButSafeCharacters) {
  EXPECT_EQ(PercentQuote("a b/\u00E9\"'<>~", "/"), "a%20b/%C3%A9%22%27%3C%3E~");
}

struct SchemeCase {
  const char* url;
  bool allowed;
};

class HasAllowedSchemeTest : public testing::TestWithParam<SchemeCase> {};

TEST_P(HasAllowedSchemeTest, KeepsOnlyWebMailAndPhoneLinks) {
  EXPECT_EQ(HasAllowedScheme(GetParam().url), GetParam().allowed) << GetParam().url;
}

INSTANTIATE_TEST_SUITE_P(
    Links, HasAllowedSchemeTest,
    testing::Values(SchemeCase{"https://canada.ca", true}, SchemeCase{"HTTP://canada.ca", true},
                    SchemeCase{"mailto:a@b.ca", true}, SchemeCase{"tel:+16135550100", true},
                    SchemeCase{"example.com/page", true}, SchemeCase{"#", true},
                    SchemeCase{"", false}, SchemeCase{"javascript:alert(1)", false},
                    SchemeCase{" java\tscript:alert(1)", false},
                    SchemeCase{"java\u200Bscript:alert(1)", false},
                    SchemeCase{"data:text/html,x", false}, SchemeCase{"ftp://x.ca", false},
                    SchemeCase{"vbscript:x", false}));

}  // namespace
}  // namespace missive::render_internal
