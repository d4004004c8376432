#include "render/internal/typography.h"

#include <gtest/gtest.h>

#include <string>

namespace missive::render_internal {
namespace {

// Each expected string is what GC Notify's do_nice_typography (with SmartyPants 2.0) gives.
struct TypographyCase {
  const char* name;
  const char* input;
  const char* expected;
};

class NiceTypographyTest : public testing::TestWithParam<TypographyCase> {};

TEST_P(NiceTypographyTest, MatchesGcNotify) {
  EXPECT_EQ(NiceTypography(GetParam().input), GetParam().expected);
}

std::string CaseName(const testing::TestParamInfo<TypographyCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(
    GcNotify, NiceTypographyTest,
    testing::Values(
        TypographyCase{"DoubleAndApostrophe", "\"Isn't this fun?\"",
                       "\u201CIsn\u2019t this fun?\u201D"},
        TypographyCase{"SingleQuotes", "it's 'single' and \"double\"",
                       "it\u2019s \u2018single\u2019 and \u201Cdouble\u201D"},
        TypographyCase{"NestedQuotes", "He said, \"'Quoted' words in a larger quote.\"",
                       "He said, \u201C\u2018Quoted\u2019 words in a larger quote.\u201D"},
        TypographyCase{"LinkTextAndTagsUntouched", "<a href=\"x\">'a'</a> 'b'",
                       "<a href=\"x\">'a'</a> \u2018b\u2019"},
        TypographyCase{"CodeUntouched", "<code>'x'</code> 'y'", "<code>'x'</code> \u2018y\u2019"},
        TypographyCase{"LoneQuoteOpens", "'", "\u2018"},
        TypographyCase{"QuoteAfterSpaceOpensBeforeDecade", "the '80s and rock'n'roll",
                       "the \u201880s and rock\u2019n\u2019roll"},
        TypographyCase{"EmailAddressKeepsStraightApostrophe", "Write to o'neil@example.com today",
                       "Write to o'neil@example.com today"},
        TypographyCase{"QuotesAwayFromAddressesCurl", "'quoted' x@y.z", "\u2018quoted\u2019 x@y.z"},
        TypographyCase{"BackslashQuoteBecomesReference", "say \\\"hi\\\"", "say &#34;hi&#34;"},
        TypographyCase{"SpacedDashes", "a - b -- c --- d ---- e 2004-2008",
                       "a \u2013 b \u2013 c \u2013 d ---- e 2004-2008"},
        TypographyCase{"NoBreakSpacesAroundDash", "x\u00A0-\u00A0y", "x \u2013 y"},
        TypographyCase{"SpaceBeforePunctuation", "Hello , world . Tab\t, here",
                       "Hello, world. Tab, here"},
        TypographyCase{"LineBreakBeforeCommaKept", "line\n, next", "line\n, next"}),
    CaseName);

}  // namespace
}  // namespace missive::render_internal
