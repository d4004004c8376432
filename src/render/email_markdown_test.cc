// GC Notify's email markdown, rule by rule: the HTML body (RenderedEmail::html_body) and the
// plain-text part (RenderedEmail::text) each template body renders to. Every expected string is
// what GC Notify's own rendering (notification-utils with mistune 0.8.4, SmartyPants and bleach)
// gives for the same template; our HTML differs from GC Notify's only in its tags' attributes.
#include <gtest/gtest.h>

#include <string>

#include "render/email.h"

namespace missive {
namespace {

using nlohmann::json;

// Our opening tags, as the HTML body writes them.
const std::string kP =
    "<p style=\"margin: 0 0 20px 0; font-size: 18px; line-height: 27px; color: #1B1B1B;\">";
const std::string kH2 =
    "<h2 style=\"margin: 0 0 20px 0; font-size: 26px; line-height: 32px; font-weight: bold; "
    "color: #1B1B1B;\">";
const std::string kH3 =
    "<h3 style=\"margin: 0 0 15px 0; font-size: 22px; line-height: 28px; font-weight: bold; "
    "color: #1B1B1B;\">";
const std::string kHr =
    "<hr style=\"border: 0; border-top: 1px solid #B1B4B6; height: 0; margin: 30px 0;\">";
const std::string kInset =
    "<blockquote style=\"margin: 0 0 20px 0; padding: 15px 0 1px 15px; "
    "border-left: 8px solid #B1B4B6; color: #1B1B1B;\">";
const std::string kUl =
    "<ul style=\"margin: 0 0 20px 0; padding: 0 0 0 25px; font-size: 18px; line-height: 27px; "
    "color: #1B1B1B; list-style-type: disc;\">";
const std::string kOl =
    "<ol style=\"margin: 0 0 20px 0; padding: 0 0 0 25px; font-size: 18px; line-height: 27px; "
    "color: #1B1B1B; list-style-type: decimal;\">";
const std::string kNestedUl =
    "<ul style=\"margin: 5px 0 0 0; padding: 0 0 0 25px; list-style-type: disc;\">";
const std::string kNestedOl =
    "<ol style=\"margin: 5px 0 0 0; padding: 0 0 0 25px; list-style-type: decimal;\">";
const std::string kLi = "<li style=\"margin: 0 0 5px 0;\">";
// A link's opening tag up to its href's value.
const std::string kA =
    "<a style=\"color: #1A5A96; text-decoration: underline; word-wrap: break-word;\" href=";
// The plain text's heading underline and rule.
const std::string kUnderline(65, '-');
const std::string kRule(65, '=');

struct BodyCase {
  const char* name;
  const char* body;
  const char* values;  // JSON
  std::string html_body;
  std::string text;
};

class Body : public testing::TestWithParam<BodyCase> {};

RenderedEmail Render(const BodyCase& c) {
  return RenderEmail({"Subject", c.body}, json::parse(c.values));
}

TEST_P(Body, HtmlBodyIsGcNotifys) { EXPECT_EQ(Render(GetParam()).html_body, GetParam().html_body); }

TEST_P(Body, PlainTextIsGcNotifys) { EXPECT_EQ(Render(GetParam()).text, GetParam().text); }

TEST_P(Body, DocumentHoldsTheBody) {
  RenderedEmail email = Render(GetParam());
  EXPECT_NE(email.html.find(email.html_body), std::string::npos);
}

std::string BodyCaseName(const testing::TestParamInfo<BodyCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(
    Headings, Body,
    testing::Values(
        BodyCase{"HeadingOneIsH2", "# Title", R"({})", kH2 + "Title</h2>\n",
                 std::string("Title\n") + kUnderline + "\n"},
        BodyCase{"HeadingTwoIsH3", "## Section", R"({})", kH3 + "Section</h3>\n",
                 std::string("Section\n") + kUnderline + "\n"},
        BodyCase{"HeadingThreeIsParagraph", "### Small", R"({})", kP + "Small</p>\n", "Small\n"},
        BodyCase{"HeadingWithoutSpace", "#Title", R"({})", kH2 + "Title</h2>\n",
                 std::string("Title\n") + kUnderline + "\n"},
        BodyCase{"ClosingHashesDropped", "## Section ##", R"({})", kH3 + "Section</h3>\n",
                 std::string("Section\n") + kUnderline + "\n"},
        BodyCase{"SetextHeadings", "Title\n=====\n\nSub\n---", R"({})",
                 kH2 + "Title</h2>\n" + kH3 + "Sub</h3>\n",
                 std::string("Title\n") + kUnderline + "\n\nSub\n" + kUnderline + "\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Paragraphs, Body,
    testing::Values(BodyCase{"ParagraphsAndLineBreaks", "line one\nline two\n\nnew paragraph",
                             R"({})",
                             kP + "line one<br />\nline two</p>\n" + kP + "new paragraph</p>\n",
                             "line one\nline two\n\nnew paragraph\n"},
                    BodyCase{"ManyBlankLinesAreOneBreak", "before\n\n\n\n\nafter", R"({})",
                             kP + "before</p>\n" + kP + "after</p>\n", "before\n\nafter\n"},
                    BodyCase{"LeadingBlankLinesBecomeABreak", "\n\nHello", R"({})",
                             "<br />\n" + kP + "Hello</p>\n", "Hello\n"},
                    BodyCase{"LineSeparatorDropped", "a\u2028b", R"({})", kP + "ab</p>\n", "ab\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Lists, Body,
    testing::Values(
        BodyCase{"StarBullets", "* one\n* two\n* three", R"({})",
                 kUl + "\n" + kLi + "one</li>\n" + kLi + "two</li>\n" + kLi + "three</li>\n</ul>\n",
                 "\u2022 one\n\u2022 two\n\u2022 three\n"},
        BodyCase{"DashBullets", "- one\n- two", R"({})",
                 kUl + "\n" + kLi + "one</li>\n" + kLi + "two</li>\n</ul>\n",
                 "\u2022 one\n\u2022 two\n"},
        BodyCase{"DotBullets", "\u2022 one\n\u2022 two", R"({})",
                 kUl + "\n" + kLi + "one</li>\n" + kLi + "two</li>\n</ul>\n",
                 "\u2022 one\n\u2022 two\n"},
        BodyCase{"PlusIsNotABullet", "+ one\n+ two", R"({})",
                 kP + "+ one</p>\n" + kP + "+ two</p>\n", "+ one\n\n+ two\n"},
        BodyCase{"BulletNeedsASpace", "*one\n*two", R"({})", kP + "<em>one</em>two</p>\n",
                 "_one_two\n"},
        BodyCase{"OrderedList", "1. one\n2. two\n3. three", R"({})",
                 kOl + "\n" + kLi + "one</li>\n" + kLi + "two</li>\n" + kLi + "three</li>\n</ol>\n",
                 "1. one\n2. two\n3. three\n"},
        BodyCase{"OrderedNeedsASpace", "1.one\n2.two", R"({})", kP + "1.one<br />\n2.two</p>\n",
                 "1.one\n2.two\n"},
        BodyCase{"ListAfterParagraphLine", "Items:\n* one\n* two", R"({})",
                 kP + "Items:</p>\n" + kUl + "\n" + kLi + "one</li>\n" + kLi + "two</li>\n</ul>\n",
                 "Items:\n\n\u2022 one\n\u2022 two\n"},
        BodyCase{"DotListAfterParagraphLineIsText", "Items:\n\u2022 one\n\u2022 two", R"({})",
                 kP + "Items:<br />\n\u2022 one<br />\n\u2022 two</p>\n",
                 "Items:\n\u2022 one\n\u2022 two\n"},
        BodyCase{
            "LooseList", "* one\n\n* two", R"({})",
            kUl + "\n" + kLi + kP + " one</p>\n</li>\n" + kLi + kP + " two</p>\n</li>\n</ul>\n",
            "\u2022 one\n\u2022 two\n"},
        BodyCase{"NestedLists", "* one\n   * nested\n      1. deeper\n* two", R"({})",
                 kUl + "\n" + kLi + "one" + kNestedUl + "\n" + kLi + "nested" + kNestedOl + "\n" +
                     kLi + "deeper</li>\n</ol>\n</li>\n</ul>\n</li>\n" + kLi + "two</li>\n</ul>\n",
                 "\u2022 one\n\n\u2022 nested\n\n1. deeper\n\u2022 two\n"},
        BodyCase{"FiveLevels",
                 "* one\n   * two\n      * three\n         * four\n            * five", R"({})",
                 kUl + "\n" + kLi + "one" + kNestedUl + "\n" + kLi + "two" + kNestedUl + "\n" +
                     kLi + "three" + kNestedUl + "\n" + kLi + "four" + kNestedUl + "\n" + kLi +
                     "five</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n",
                 "\u2022 one\n\n\u2022 two\n\n\u2022 three\n\n\u2022 four\n\n\u2022 five\n"},
        BodyCase{
            "SeventhLevelIsText",
            "- a1\n  - b2\n    - c3\n      - d4\n        - e5\n          - f6\n            - g7",
            R"({})",
            kUl + "\n" + kLi + "a1" + kNestedUl + "\n" + kLi + "b2" + kNestedUl + "\n" + kLi +
                "c3" + kNestedUl + "\n" + kLi + "d4" + kNestedUl + "\n" + kLi + "e5" + kNestedUl +
                "\n" + kLi + "f6" + kNestedUl + "\n" + kLi +
                "- "
                "g7</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n</"
                "ul>\n</li>\n</ul>\n",
            "\u2022 a1\n\n\u2022 b2\n\n\u2022 c3\n\n\u2022 d4\n\n\u2022 e5\n\n\u2022 f6\n\n\u2022 "
            "\u2013 g7\n"},
        BodyCase{"ListValue", "Items:((list))", R"({"list": ["a", "b"]})",
                 kP + "Items:</p>\n" + kUl + "\n" + kLi + "a</li>\n" + kLi + "b</li>\n</ul>\n",
                 "Items:\n\n\u2022 a\n\u2022 b\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Insets, Body,
    testing::Values(BodyCase{"Inset", "^ Please note\n\nAfter", R"({})",
                             kInset + "\n" + kP + "Please note</p>\n</blockquote>\n" + kP +
                                 "After</p>\n",
                             "Please note\n\nAfter\n"},
                    BodyCase{"InsetSpansLines", "^ first\nsecond", R"({})",
                             kInset + "\n" + kP + "first<br />\nsecond</p>\n</blockquote>\n",
                             "first\nsecond\n"},
                    BodyCase{"CaretMidParagraphIsText", "text\n^ not inset", R"({})",
                             kP + "text<br />\n^ not inset</p>\n", "text\n^ not inset\n"},
                    BodyCase{"GreaterThanIsNotAQuote", "> not a quote", R"({})",
                             kP + "&gt; not a quote</p>\n", "> not a quote\n"},
                    BodyCase{"GreaterThanEndsParagraphInTextOnly", "text\n> line", R"({})",
                             kP + "text<br />\n&gt; line</p>\n", "text\n\n> line\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(Rules, Body,
                         testing::Values(BodyCase{"RuleDashes", "a\n\n---\n\nb", R"({})",
                                                  kP + "a</p>\n" + kHr + "\n" + kP + "b</p>\n",
                                                  std::string("a\n\n") + kRule + "\n\nb\n"},
                                         BodyCase{"RuleStars", "a\n\n***\n\nb", R"({})",
                                                  kP + "a</p>\n" + kHr + "\n" + kP + "b</p>\n",
                                                  std::string("a\n\n") + kRule + "\n\nb\n"},
                                         BodyCase{"RuleUnderscores", "a\n\n___\n\nb", R"({})",
                                                  kP + "a</p>\n" + kHr + "\n" + kP + "b</p>\n",
                                                  std::string("a\n\n") + kRule + "\n\nb\n"}),
                         BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Emphasis, Body,
    testing::Values(
        BodyCase{"Bold", "something **important**", R"({})",
                 kP + "something <strong>important</strong></p>\n", "something **important**\n"},
        BodyCase{"BoldUnderscores", "something __important__", R"({})",
                 kP + "something <strong>important</strong></p>\n", "something **important**\n"},
        BodyCase{"ItalicUnderscores", "something _important_", R"({})",
                 kP + "something <em>important</em></p>\n", "something _important_\n"},
        BodyCase{"ItalicStars", "something *important*", R"({})",
                 kP + "something <em>important</em></p>\n", "something _important_\n"},
        BodyCase{"SnakeCaseIsNotItalic", "a snake_case_name here", R"({})",
                 kP + "a snake_case_name here</p>\n", "a snake_case_name here\n"},
        BodyCase{"StrikethroughIgnored", "~~Strike~~", R"({})", kP + "Strike</p>\n", "Strike\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Links, Body,
    testing::Values(
        BodyCase{"Link", "[Example](https://example.com)", R"({})",
                 kP + kA + "\"https://example.com\">Example</a></p>\n",
                 "Example: https://example.com\n"},
        BodyCase{"LinkWithTitle", "[Example](https://example.com \"An example\")", R"({})",
                 kP + kA + "\"https://example.com\" title=\"An example\">Example</a></p>\n",
                 "Example (An example): https://example.com\n"},
        BodyCase{"LinkJavascriptBecomesHash", "[click](javascript:alert(1))", R"({})",
                 kP + kA + "\"#\">click</a>)</p>\n", "click: javascript:alert(1)\n"},
        BodyCase{"LinkDataBecomesHash", "[img](data:text/html,hi)", R"({})",
                 kP + kA + "\"#\">img</a></p>\n", "img: data:text/html,hi\n"},
        BodyCase{"LinkFtpBecomesHash", "[file](ftp://example.com/f)", R"({})",
                 kP + kA + "\"#\">file</a></p>\n", "file: ftp://example.com/f\n"},
        BodyCase{"LinkMailtoAndTel", "[mail](mailto:help@example.com) [call](tel:+16135550100)",
                 R"({})",
                 kP + kA + "\"mailto:help@example.com\">mail</a> " + kA +
                     "\"tel:+16135550100\">call</a></p>\n",
                 "mail: mailto:help@example.com call: tel:+16135550100\n"},
        BodyCase{"LinkWithoutSchemeKept", "[rel](example.com/page)", R"({})",
                 kP + kA + "\"example.com/page\">rel</a></p>\n", "rel: example.com/page\n"},
        BodyCase{"LinkSpacesEncoded", "[a](https://x.ca/a b)", R"({})",
                 kP + kA + "\"https://x.ca/a%20b\">a</a></p>\n", "a: https://x.ca/a b\n"},
        BodyCase{"ReferenceLink", "[Apply][1]\n\n[1]: https://canada.ca \"Canada\"", R"({})",
                 kP + kA + "\"https://canada.ca\" title=\"Canada\">Apply</a></p>\n",
                 "Apply (Canada): https://canada.ca\n"},
        BodyCase{"BareUrl", "Go to https://canada.ca/en.html.", R"({})",
                 kP + "Go to " + kA +
                     "\"https://canada.ca/en.html\">https://canada.ca/en.html</a>.</p>\n",
                 "Go to https://canada.ca/en.html.\n"},
        BodyCase{"BareUrlInBrackets", "(see http://example.com)", R"({})",
                 kP + "(see " + kA + "\"http://example.com\">http://example.com</a>)</p>\n",
                 "(see http://example.com)\n"},
        BodyCase{"BareUrlQueryEscaped", "https://x.ca/?a=1&b=2", R"({})",
                 kP + kA + "\"https://x.ca/?a=1&amp;b=2\">https://x.ca/?a=1&amp;b=2</a></p>\n",
                 "https://x.ca/?a=1&b=2\n"},
        BodyCase{"WwwIsNotALink", "www.example.com", R"({})", kP + "www.example.com</p>\n",
                 "www.example.com\n"},
        BodyCase{"AngleBracketedUrlKeepsBracketInHtml", "<https://x.ca>", R"({})",
                 kP + "&lt;" + kA + "\"https://x.ca&gt;\">https://x.ca&gt;</a></p>\n",
                 "https://x.ca\n"},
        BodyCase{"PlaceholderInLinkUrl", "[Pay now](((url)))",
                 R"({"url": "https://pay.example.ca/r?id=12&lang=fr&name=Zo\u00e9"})",
                 kP + kA +
                     "\"https://pay.example.ca/r?id=12&amp;lang=fr&amp;name=Zo%C3%A9\">Pay "
                     "now</a></p>\n",
                 "Pay now: https://pay.example.ca/r?id=12&lang=fr&name=Zo\u00E9\n"},
        BodyCase{"PlaceholderInBareUrl", "https://example.ca/?token=((token))&key=1",
                 R"({"token": "a b<c"})",
                 kP + kA +
                     "\"https://example.ca/?token=a\">https://example.ca/?token=a</a> "
                     "b&lt;c&amp;key=1</p>\n",
                 "https://example.ca/?token=a b<c&key=1\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Removed, Body,
    testing::Values(
        BodyCase{"CodeSpanIsPlainText", "variable called `thing`", R"({})",
                 kP + "variable called thing</p>\n", "variable called thing\n"},
        BodyCase{"FencedCodeIsPlainText", "```\nprint(\"hello\")\n```", R"({})",
                 "print(\u201Chello\u201D)", "print(\u201Chello\u201D)\n"},
        BodyCase{"IndentedCodeIsPlainText", "    indented\n\nafter", R"({})",
                 "indented\n\n" + kP + "after</p>\n", "indented\n\n\n\nafter\n"},
        BodyCase{"ImageRemoved", "![alt text](http://example.com/image.png)", R"({})", "", "\n"},
        BodyCase{"TableRemoved", "col | col\n----|----\nval | val\n", R"({})", "", "\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Languages, Body,
    testing::Values(
        BodyCase{"EnglishAndFrenchBlocks", "[[en]]\nHello\n[[/en]]\n[[fr]]\nBonjour\n[[/fr]]",
                 R"({})",
                 "<div lang=\"en-ca\">\n" + kP + "Hello</p>\n</div>\n<div lang=\"fr-ca\">\n" + kP +
                     "Bonjour</p>\n</div>\n",
                 "[[en]]\nHello\n[[/en]]\n[[fr]]\nBonjour\n[[/fr]]\n"},
        BodyCase{"UnbalancedBlocksStayText", "[[en]]\nHello\n[[fr]]\nBonjour\n[[/fr]]", R"({})",
                 kP + "[[en]]<br />\nHello<br />\n[[fr]]<br />\nBonjour<br />\n[[/fr]]</p>\n",
                 "[[en]]\nHello\n[[fr]]\nBonjour\n[[/fr]]\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Escaping, Body,
    testing::Values(
        BodyCase{"ValuesAndTextEscaped", "<b>((name))</b> & co",
                 R"({"name": "<script>x</script>"})",
                 kP + "&lt;b&gt;&lt;script&gt;x&lt;/script&gt;&lt;/b&gt; &amp; co</p>\n",
                 "<b><script>x</script></b> & co\n"},
        BodyCase{"ReferencesKept", "caf&eacute; &amp; &#233; AT&T", R"({})",
                 kP + "caf&eacute; &amp; &#233; AT&amp;T</p>\n", "caf\u00E9 & \u00E9 AT&T\n"},
        BodyCase{"BackslashEscapes", "\\*not italic\\* and \\\"straight\\\"", R"({})",
                 kP + "*not italic* and &#34;straight&#34;</p>\n",
                 "*not italic* and \"straight\"\n"},
        BodyCase{"GovUkNotLinked", "Visit GOV.UK or gov.uk/x", R"({})",
                 kP + "Visit GOV.\u200BUK or gov.uk/x</p>\n", "Visit GOV.\u200BUK or gov.uk/x\n"}),
    BodyCaseName);

INSTANTIATE_TEST_SUITE_P(
    Typography, Body,
    testing::Values(
        BodyCase{"SmartQuotes", "Jo's \"quote\" and 'single'", R"({})",
                 kP + "Jo\u2019s \u201Cquote\u201D and \u2018single\u2019</p>\n",
                 "Jo\u2019s \u201Cquote\u201D and \u2018single\u2019\n"},
        BodyCase{"ApostropheInEmailAddressStraight", "Write to o'neil@example.com today", R"({})",
                 kP + "Write to o'neil@example.com today</p>\n",
                 "Write to o'neil@example.com today\n"},
        BodyCase{"SpacedHyphensBecomeEnDashes", "a - b -- c \u2014 d 2004-2008 e ---- f", R"({})",
                 kP + "a \u2013 b \u2013 c \u2013 d 2004-2008 e ---- f</p>\n",
                 "a \u2013 b \u2013 c \u2013 d 2004-2008 e ---- f\n"},
        BodyCase{"SpaceBeforePunctuationRemoved", "Hello ((name)) , you owe $5 .",
                 R"({"name": "Jo"})", kP + "Hello Jo, you owe $5.</p>\n",
                 "Hello Jo, you owe $5.\n"},
        BodyCase{"QuotesInLinksUntouched", "[it's \"here\"](https://x.ca) 'there'", R"({})",
                 kP + kA + "\"https://x.ca\">it's \"here\"</a> \u2018there\u2019</p>\n",
                 "it\u2019s \u201Chere\u201D: https://x.ca \u2018there\u2019\n"}),
    BodyCaseName);

struct SubjectCase {
  const char* name;
  const char* subject;
  const char* values;  // JSON
  const char* expected;
  const char* expected_api;
};

class Subject : public testing::TestWithParam<SubjectCase> {};

TEST_P(Subject, IsGcNotifys) {
  const SubjectCase& c = GetParam();
  RenderedEmail email = RenderEmail({c.subject, "Body"}, json::parse(c.values));
  EXPECT_EQ(email.subject, c.expected);
  EXPECT_EQ(email.api_subject, c.expected_api);
}

std::string SubjectCaseName(const testing::TestParamInfo<SubjectCase>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(
    Subjects, Subject,
    testing::Values(
        SubjectCase{"Filled", "Hello ((name))", R"({"name": "Jo"})", "Hello Jo", "Hello Jo"},
        SubjectCase{"SmartQuotes", "Jo's \"form\"", R"({})", "Jo\u2019s \u201Cform\u201D",
                    "Jo\u2019s \u201Cform\u201D"},
        SubjectCase{"EnDash", "Update - action needed", R"({})", "Update \u2013 action needed",
                    "Update \u2013 action needed"},
        SubjectCase{"WhitespaceCollapsed", "  Hello\r\n ((name))  \t today\u200B ",
                    R"({"name": "Jo \u00a0 Doe"})", "Hello Jo Doe today", "Hello Jo Doe today"},
        SubjectCase{"ApiSubjectEscaped", "Tom & ((name))", R"({"name": "<b>Jerry</b>"})",
                    "Tom & <b>Jerry</b>", "Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;"},
        SubjectCase{"ApiSubjectKeepsReferences", "Caf&eacute; & ((name))", R"({"name": "R&D"})",
                    "Caf&eacute; & R&D", "Caf&eacute; &amp; R&amp;D"},
        SubjectCase{"EmailAddressKeepsApostrophe", "Write to o'neil@example.com", R"({})",
                    "Write to o'neil@example.com", "Write to o'neil@example.com"},
        SubjectCase{"SpaceBeforePunctuation", "Reminder , today .", R"({})", "Reminder, today.",
                    "Reminder, today."},
        SubjectCase{"BackslashQuoteBecomesReference", "Say \\\"hi\\\"", R"({})", "Say &#34;hi&#34;",
                    "Say &#34;hi&#34;"},
        SubjectCase{"FrenchAccentsAndQuotes", "L'\u00E9t\u00E9 \"chaud\" de ((name))",
                    R"({"name": "Zo\u00e9"})", "L\u2019\u00E9t\u00E9 \u201Cchaud\u201D de Zo\u00E9",
                    "L\u2019\u00E9t\u00E9 \u201Cchaud\u201D de Zo\u00E9"}),
    SubjectCaseName);

}  // namespace
}  // namespace missive
