#include "recipients/email_address.h"

#include <gtest/gtest.h>

#include <string>

namespace missive {
namespace {

class ValidEmailAddress : public testing::TestWithParam<std::string> {};

TEST_P(ValidEmailAddress, IsAccepted) { EXPECT_TRUE(IsValidEmailAddress(GetParam())); }

INSTANTIATE_TEST_SUITE_P(
    Addresses, ValidEmailAddress,
    testing::Values(
        "email@domain.com", "email@domain.COM", "firstname.lastname@domain.com",
        "firstname.o'lastname@domain.com", "email@subdomain.domain.com",
        "firstname+lastname@domain.com", "1234567890@domain.com", "email@domain-one.com",
        "_______@domain.com", "email@domain.name", "email@domain.superlongtld",
        "email@domain.co.jp", "firstname-lastname@domain.com", "email@123.123.123.com", "a@b.co",
        "!#$%&'*+/=?^_`{|}~-@domain.com", "éloïse.çà@domaine.ca",
        "a\u00D7b@domain.com",  // × is inside the À-ÿ range
        ".leading-dot@domain.com", "trailing-dot.@domain.com", "test@üñîçøðé.com",
        "TEST@ÜÑÎÇØÐÉ.COM", "info@straße.de", "japanese-info@例え.テスト",
        "japanese-info@例え。テスト", "info@german-financial-services.vermögensberatung",
        "info@german-financial-services.reallylongarbitrarytldthatiswaytoohugejustincase",
        "email@xn--7caenjc8bya.com", "email@domain.xn--vermgensberatung-pwb", "email@xn-.com",
        "email@a-b-c.d-e.com", "email@😀.com", "email@" + std::string(63, 'a') + ".com",
        std::string(300, 'a') + "@domain.com", " email@domain.com ", "\temail@domain.com\n",
        "\u200Bemail@domain.com\u200B", "\uFEFFemail@dom\u200Dain.com"));

class InvalidEmailAddress : public testing::TestWithParam<std::string> {};

TEST_P(InvalidEmailAddress, IsRejected) { EXPECT_FALSE(IsValidEmailAddress(GetParam())); }

INSTANTIATE_TEST_SUITE_P(
    Addresses, InvalidEmailAddress,
    testing::Values(
        "", "   ", "plainaddress", "@no-local-part.com", "no-at.domain.com", "no-tld@domain",
        "email@123.123.123.123", "email@[123.123.123.123]",
        "Outlook Contact <outlook-contact@domain.com>", ";beginning-semicolon@domain.co.uk",
        "middle-semicolon@domain.co;uk", "trailing-semicolon@domain.com;",
        "\"email+leading-quotes@domain.com", "email+middle\"-quotes@domain.com",
        "\"quoted-local-part\"@domain.com", "\"quoted@domain.com\"", "lots-of-dots@domain..gov..uk",
        "two-dots..in-local@domain.com", "multiple@domains@domain.com",
        "spaces in local@domain.com", "spaces-in-domain@dom ain.com",
        "underscores-in-domain@dom_ain.com", "pipe-in-domain@example.com|gov.uk",
        "comma,in-local@gov.uk", "comma-in-domain@domain,gov.uk", "pound-sign-in-local£@domain.com",
        "local-with-’-apostrophe@domain.com", "local-with-”-quotes@domain.com",
        "domain-starts-with-a-dot@.domain.com", "brackets(in)local@domain.com", "email@domain.c",
        "email@domain.c0m", "email@domain.123", "email@domain.com.", "email@-domain.com",
        "email@domain-.com", "email@do--main.com", "email@xn--.com", "email@domain.xn--", "email@a",
        "nbsp-in-domain@dom\u00A0ain.com", "\u00A0nbsp-around@domain.com",
        "ideographic-space@dom\u3000ain.com", "email@-ü.com",
        "invalid-utf8@dom\xFF"
        "ain.com",
        "nul-in-domain@ü.com" + std::string(1, '\0') + "x",
        "email@" + std::string(64, 'a') + ".com",
        "email@" + std::string(60, 'a') + "." + std::string(60, 'b') + "." + std::string(60, 'c') +
            "." + std::string(60, 'd') + "." + std::string(60, 'e') + ".com",
        "email-too-long-" + std::string(320, 'a') + "@example.com"));

TEST(AsciiDomainAddress, EncodesAnInternationalisedDomainAndKeepsTheLocalPart) {
  EXPECT_EQ(AsciiDomainAddress("zoé@exämple.com"), "zoé@xn--exmple-cua.com");
  EXPECT_EQ(AsciiDomainAddress("zoe@example.com"), "zoe@example.com");
  EXPECT_EQ(AsciiDomainAddress("no-at-sign"), "no-at-sign");
}

TEST(CleanEmailAddress, RemovesZeroWidthCharactersAndTrimsAsciiWhitespace) {
  EXPECT_EQ(CleanEmailAddress(" email@domain.com "), "email@domain.com");
  EXPECT_EQ(CleanEmailAddress("\temail@domain.com\n"), "email@domain.com");
  EXPECT_EQ(CleanEmailAddress("\u200Bemail@dom\u2060ain.com\u200B"), "email@domain.com");
  EXPECT_EQ(CleanEmailAddress("\u00A0email@domain.com"), "\u00A0email@domain.com");
}

TEST(NormaliseEmailAddress, CleansAndLowerCases) {
  EXPECT_EQ(NormaliseEmailAddress("  TeSt@ExAmPl3.com "), "test@exampl3.com");
  EXPECT_EQ(NormaliseEmailAddress("\u200BÉLOÏSE@Domaine.CA"), "éloïse@domaine.ca");
  EXPECT_EQ(NormaliseEmailAddress("Test@ÜÑÎÇØÐÉ.com"), "test@üñîçøðé.com");
}

TEST(EmailAddressLength, ThreeHundredTwentyCharactersIsTheLimit) {
  std::string domain = "@" + std::string(60, 'd') + ".com";
  std::string at_limit = std::string(320 - domain.size(), 'a') + domain;
  EXPECT_TRUE(IsValidEmailAddress(at_limit));
  EXPECT_FALSE(IsValidEmailAddress("a" + at_limit));
}

TEST(EmailAddressLength, CountsCharactersNotBytes) {
  std::string domain = "@domain.com";
  std::string at_limit = std::string(300, 'a') + std::string(9, 'x') + domain;
  std::string accented = std::string(300, 'a');
  for (int i = 0; i < 9; ++i) accented += "é";  // two bytes each
  EXPECT_TRUE(IsValidEmailAddress(at_limit));
  EXPECT_TRUE(IsValidEmailAddress(accented + domain));
}

TEST(EmailDomainLength, TwoHundredFiftyThreeCharactersIsTheLimit) {
  std::string labels = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                       std::string(63, 'c') + "." + std::string(58, 'd');  // 250 characters
  EXPECT_TRUE(IsValidEmailAddress("e@" + labels + ".ca"));
  EXPECT_FALSE(IsValidEmailAddress("e@" + labels + "d.ca"));
}

TEST(EmailDomainLength, AppliesToTheEncodedForm) {
  std::string labels = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                       std::string(63, 'c') + "." + std::string(53, 'd');  // 245 characters
  EXPECT_TRUE(IsValidEmailAddress("e@" + labels + ".ü"));                  // ends .xn--tda: 253
  EXPECT_FALSE(IsValidEmailAddress("e@" + labels + ".üü"));                // ends .xn--tdaa: 254
}

}  // namespace
}  // namespace missive
