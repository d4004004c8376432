#include "render/placeholders.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace missive {
namespace {

using nlohmann::json;

struct FillCase {
  const char* name;
  const char* text;
  const char* values;  // JSON
  const char* expected;
  ValueStyle style = ValueStyle::kEmail;
  bool escape_html = false;
};

class Fill : public testing::TestWithParam<FillCase> {};

TEST_P(Fill, ProducesExpectedText) {
  const FillCase& c = GetParam();
  FillOptions options{c.style, c.escape_html};
  EXPECT_EQ(FillPlaceholders(c.text, json::parse(c.values), options), c.expected);
}

std::string CaseName(const testing::TestParamInfo<FillCase>& info) { return info.param.name; }

constexpr ValueStyle kSms = ValueStyle::kSms;

INSTANTIATE_TEST_SUITE_P(
    Names, Fill,
    testing::Values(
        FillCase{"Simple", "Hello ((name))!", R"({"name": "Jo"})", "Hello Jo!"},
        FillCase{"SnakeKey", "((First Name))", R"({"first_name": "Jo"})", "Jo"},
        FillCase{"UpperKey", "((First Name))", R"({"FIRSTNAME": "Jo"})", "Jo"},
        FillCase{"HyphenKey", "((First Name))", R"({"first-name": "Jo"})", "Jo"},
        FillCase{"SpacedKeyForSnakeName", "((first_name))", R"({"First Name": "Jo"})", "Jo"},
        FillCase{"AccentedUpperName", "((PRÉNOM))", R"({"prénom": "Zoé"})", "Zoé"},
        FillCase{"SpacesInsideBrackets", "(( name ))", R"({"name": "Jo"})", "Jo"},
        FillCase{"RepeatedPlaceholder", "((a)) and ((a))", R"({"a": "x"})", "x and x"},
        FillCase{"SeveralPlaceholders", "((article)) quick ((colour)) ((animal))",
                 R"({"article": "the", "colour": "brown", "animal": "fox"})",
                 "the quick brown fox"},
        FillCase{"ExtraKeysIgnored", "Hi ((name))", R"({"name": "Jo", "other": "x"})", "Hi Jo"},
        FillCase{"MissingLeftAsWritten", "Hi ((name)) ((code))", R"({"name": "Jo"})",
                 "Hi Jo ((code))"},
        FillCase{"NullLeftAsWritten", "Hi ((name))", R"({"name": null})", "Hi ((name))"},
        FillCase{"EmptyStringFills", "Hi ((name))!", R"({"name": ""})", "Hi !"},
        FillCase{"ValuesNotAnObject", "Hi ((name))", "null", "Hi ((name))"},
        FillCase{"TripleBracketsKeepOuterPair", "the quick (((colour))) fox",
                 R"({"colour": "brown"})", "the quick (brown) fox"},
        FillCase{"TripleBracketsWithSpaces", "((( x )))", R"({"x": "v"})", "(v)"},
        FillCase{"QuadrupleOpening", "((((x))", R"({"x": "v"})", "((v"},
        FillCase{"UnclosedIsText", "the ((quick brown fox", R"({"quick brown fox": "x"})",
                 "the ((quick brown fox"},
        FillCase{"EmptyBracketsAreText", "the (()) brown fox", R"({})", "the (()) brown fox"},
        FillCase{"NameSpanningLines", "((first\nname))", "{\"first\\nname\": \"Jo\"}", "Jo"},
        FillCase{"SingleQuestionMarkIsAName", "((warning?))", R"({"warning?": "not conditional"})",
                 "not conditional"},
        FillCase{"KeyWithQuestionMarkInside", "((warning?warning))",
                 R"({"warning?warning": "not conditional"})", "not conditional"}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Conditionals, Fill,
    testing::Values(
        FillCase{"Yes", "A((show??B))C", R"({"show": "yes"})", "ABC"},
        FillCase{"UpperY", "A((show??B))C", R"({"show": "Y"})", "ABC"},
        FillCase{"TrueWord", "A((show??B))C", R"({"show": "TRUE"})", "ABC"},
        FillCase{"T", "A((show??B))C", R"({"show": "t"})", "ABC"},
        FillCase{"OneString", "A((show??B))C", R"({"show": "1"})", "ABC"},
        FillCase{"OneNumber", "A((show??B))C", R"({"show": 1})", "ABC"},
        FillCase{"TrueBoolean", "A((show??B))C", R"({"show": true})", "ABC"},
        FillCase{"Include", "A((show??B))C", R"({"show": "include"})", "ABC"},
        FillCase{"Show", "A((show??B))C", R"({"show": "Show"})", "ABC"},
        FillCase{"Oui", "A((show??B))C", R"({"show": "oui"})", "ABC"},
        FillCase{"Vrai", "A((show??B))C", R"({"show": "VRAI"})", "ABC"},
        FillCase{"Inclure", "A((show??B))C", R"({"show": "inclure"})", "ABC"},
        FillCase{"Afficher", "A((show??B))C", R"({"show": "Afficher"})", "ABC"},
        FillCase{"No", "A((show??B))C", R"({"show": "no"})", "AC"},
        FillCase{"Non", "A((show??B))C", R"({"show": "non"})", "AC"},
        FillCase{"FalseBoolean", "A((show??B))C", R"({"show": false})", "AC"},
        FillCase{"EmptyString", "A((show??B))C", R"({"show": ""})", "AC"},
        FillCase{"ZeroNumber", "A((show??B))C", R"({"show": 0})", "AC"},
        FillCase{"OneFloatPrintsAsOnePointZero", "A((show??B))C", R"({"show": 1.0})", "AC"},
        FillCase{"OtherText", "A((show??B))C", R"({"show": "Tornado is coming"})", "AC"},
        FillCase{"PaddedYes", "A((show??B))C", R"({"show": " yes"})", "AC"},
        FillCase{"ListHoldingYes", "A((show??B))C", R"({"show": ["yes"]})", "AC"},
        FillCase{"NullLeftAsWritten", "A((show??B))C", R"({"show": null})", "A((show??B))C"},
        FillCase{"MissingLeftAsWritten", "A((show??B))C", R"({})", "A((show??B))C"},
        FillCase{"KeyNormalised", "((Show It??B))", R"({"show_it": "yes"})", "B"},
        FillCase{"TextAfterFirstSeparator", "((a??b??c))", R"({"a": "yes"})", "b??c"},
        FillCase{"MultiLineText", "Hi\n((late??Your payment is late.\nPay now.))\nBye",
                 R"({"late": "oui"})", "Hi\nYour payment is late.\nPay now.\nBye"},
        FillCase{"ConditionalBesidePlaceholder", "((show_thing??thing)) ((colour))",
                 R"({"colour": "red", "show_thing": "no"})", " red"}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Lists, Fill,
    testing::Values(
        FillCase{"EmailTwoItems", "list: ((p))", R"({"p": ["one", "two"]})",
                 "list: \n\n* one\n* two"},
        FillCase{"EmailOneItem", "list: ((p))", R"({"p": ["one"]})", "list: \n\n* one"},
        FillCase{"EmailFalsyItemsDropped", "list: ((p))", R"({"p": ["one", null, "", 0, false]})",
                 "list: \n\n* one"},
        FillCase{"EmailEmptyListLeftAsWritten", "list: ((p))", R"({"p": []})", "list: ((p))"},
        FillCase{"EmailAllFalsyLeftAsWritten", "list: ((p))", R"({"p": ["", null]})",
                 "list: ((p))"},
        FillCase{"SmsThreeItems", "list: ((p))", R"({"p": ["one", "two", "three"]})",
                 "list: one, two and three", kSms},
        FillCase{"SmsTwoItems", "list: ((p))", R"({"p": ["one", "two"]})", "list: one and two",
                 kSms},
        FillCase{"SmsOneItem", "list: ((p))", R"({"p": ["one"]})", "list: one", kSms},
        FillCase{"SmsFalsyItemsDropped", "list: ((p))", R"({"p": ["one", null, null]})",
                 "list: one", kSms},
        FillCase{"SmsMixedItems", "list: ((p))", R"({"p": [1, {"two": 2}, "three", null]})",
                 "list: 1, {'two': 2} and three", kSms},
        FillCase{"SmsNestedLists", "list: ((p))", R"({"p": [[1, 2], [3, 4]]})",
                 "list: [1, 2] and [3, 4]", kSms},
        FillCase{"SmsEmptyListLeftAsWritten", "list: ((p))", R"({"p": []})", "list: ((p))", kSms}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Scalars, Fill,
    testing::Values(FillCase{"Integer", "((v))", R"({"v": 5})", "5"},
                    FillCase{"NegativeInteger", "((v))", R"({"v": -12})", "-12"},
                    FillCase{"Zero", "((v))", R"({"v": 0})", "0"},
                    FillCase{"Float", "((v))", R"({"v": 1.5})", "1.5"},
                    FillCase{"FloatZero", "((v))", R"({"v": 0.0})", "0.0"},
                    FillCase{"WholeFloat", "((v))", R"({"v": 100.0})", "100.0"},
                    FillCase{"ShortestRoundTrip", "((v))", R"({"v": 0.30000000000000004})",
                             "0.30000000000000004"},
                    FillCase{"SmallFixed", "((v))", R"({"v": 0.0001})", "0.0001"},
                    FillCase{"SmallExponent", "((v))", R"({"v": 0.00001})", "1e-05"},
                    FillCase{"LargeFixed", "((v))", R"({"v": 1e15})", "1000000000000000.0"},
                    FillCase{"LargeExponent", "((v))", R"({"v": 1e16})", "1e+16"},
                    FillCase{"ExponentWithFraction", "((v))", R"({"v": 1.25e22})", "1.25e+22"},
                    FillCase{"NegativeFloat", "((v))", R"({"v": -2.5})", "-2.5"},
                    FillCase{"True", "((v))", R"({"v": true})", "True"},
                    FillCase{"False", "((v))", R"({"v": false})", "False"},
                    FillCase{"Dict", "((v))", R"({"v": {"key": "value"}})", "{'key': 'value'}"},
                    FillCase{"DictWithApostrophe", "((v))", R"({"v": {"k": "it's", "n": null}})",
                             "{'k': \"it's\", 'n': None}"},
                    FillCase{"ListInDictEscapesNewline", "((v))", R"({"v": {"k": ["a\nb", 1.0]}})",
                             "{'k': ['a\\nb', 1.0]}"}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Html, Fill,
    testing::Values(
        FillCase{"ValueEscaped", "Hi ((name))", R"({"name": "<script>alert('x')</script>"})",
                 "Hi &lt;script&gt;alert('x')&lt;/script&gt;", ValueStyle::kEmail, true},
        FillCase{"TemplateTextEscaped", "<b>((name))</b> & co", R"({"name": "A&B"})",
                 "&lt;b&gt;A&amp;B&lt;/b&gt; &amp; co", ValueStyle::kEmail, true},
        FillCase{"PlainModeDoesNotEscape", "<b>((name))</b> & co", R"({"name": "A&B"})",
                 "<b>A&B</b> & co"},
        FillCase{"UnfilledEscaped", "((a<b))", R"({})", "((a&lt;b))", ValueStyle::kEmail, true},
        FillCase{"ConditionalTextEscaped",
                 "((show??"
                 "<i>yes</i>))",
                 R"({"show": "yes"})", "&lt;i&gt;yes&lt;/i&gt;", ValueStyle::kEmail, true},
        FillCase{"ListItemsEscaped", "((p))", R"({"p": ["<a>", "b&c"]})", "&lt;a&gt; and b&amp;c",
                 kSms, true}),
    CaseName);

TEST(MissingPlaceholders, ListsNamesInTemplateOrderAcrossSubjectAndBody) {
  json values = {{"code", "1"}};
  std::vector<std::string> expected = {"First Name", "date"};
  EXPECT_EQ(MissingPlaceholders({"Hi ((First Name))", "((first_name)) ((date)) ((Code)) ((date))"},
                                values),
            expected);
}

TEST(MissingPlaceholders, SubjectNamesComeFirst) {
  std::vector<std::string> expected = {"b", "a"};
  EXPECT_EQ(MissingPlaceholders({"((b))", "((a)) ((b))"}, json::object()), expected);
}

TEST(MissingPlaceholders, NullIsMissingButEmptyValuesAreNot) {
  json values = json::parse(R"({"a": null, "b": "", "c": [], "d": false, "e": 0})");
  std::vector<std::string> expected = {"a"};
  EXPECT_EQ(MissingPlaceholders({"((a)) ((b)) ((c)) ((d)) ((e))"}, values), expected);
}

TEST(MissingPlaceholders, ConditionalVariableIsRequired) {
  std::vector<std::string> expected = {"show"};
  EXPECT_EQ(MissingPlaceholders({"((show??Some text))"}, json::object()), expected);
  EXPECT_TRUE(MissingPlaceholders({"((show??Some text))"}, {{"show", "no"}}).empty());
}

TEST(MissingPlaceholders, EverythingMissingWhenValuesAreNull) {
  std::vector<std::string> expected = {"a", "b"};
  EXPECT_EQ(MissingPlaceholders({"((a))", "((b))"}, nullptr), expected);
}

TEST(MissingPlaceholders, NoneWhenAllSatisfied) {
  EXPECT_TRUE(
      MissingPlaceholders({"((First Name))", "((code))"}, {{"first_name", "Jo"}, {"CODE", 1}})
          .empty());
}

TEST(PlaceholderNames, EachSpellingOnceInOrder) {
  std::vector<std::string> expected = {"b", "a", "A", "multi\nline"};
  EXPECT_EQ(PlaceholderNames({"((b))", "((a)) ((b??x)) ((A)) ((a)) ((multi\nline))"}), expected);
}

TEST(PlaceholderNames, TripleBracketsGiveInnerName) {
  std::vector<std::string> expected = {"colour"};
  EXPECT_EQ(PlaceholderNames({"the quick (((colour))) fox"}), expected);
}

TEST(NormalisePlaceholderName, DropsSpacesUnderscoresHyphensAndCase) {
  EXPECT_EQ(NormalisePlaceholderName("First Name"), "firstname");
  EXPECT_EQ(NormalisePlaceholderName("first_name"), "firstname");
  EXPECT_EQ(NormalisePlaceholderName("FIRST-NAME"), "firstname");
  EXPECT_EQ(NormalisePlaceholderName("Numéro DE Dossier"), "numérodedossier");
}

}  // namespace
}  // namespace missive
