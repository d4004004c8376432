#include "recipients/phone_number.h"

#include <gtest/gtest.h>

#include <string>

namespace missive {
namespace {

struct ValidCase {
  std::string input;
  std::string e164;
  int country_code;
  bool international;
};

class ValidPhoneNumber : public testing::TestWithParam<ValidCase> {};

TEST_P(ValidPhoneNumber, IsNormalisedToE164) {
  Result<PhoneNumber> number = ValidatePhoneNumber(GetParam().input);
  ASSERT_TRUE(number) << number.error().message;
  EXPECT_EQ(number->e164, GetParam().e164);
  EXPECT_EQ(number->country_code, GetParam().country_code);
  EXPECT_EQ(number->international, GetParam().international);
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, ValidPhoneNumber,
    testing::Values(
        // Canadian, in the ways people write them.
        ValidCase{"(613) 555-0142", "+16135550142", 1, false},
        ValidCase{"613.555.0142", "+16135550142", 1, false},
        ValidCase{"613-555-0142", "+16135550142", 1, false},
        ValidCase{"6135550142", "+16135550142", 1, false},
        ValidCase{"16135550142", "+16135550142", 1, false},
        ValidCase{"1 613 555 0142", "+16135550142", 1, false},
        ValidCase{"+1 613 555 0142", "+16135550142", 1, false},
        ValidCase{"+16135550142", "+16135550142", 1, false},
        ValidCase{" +1 (613) 555-0142 ", "+16135550142", 1, false},
        ValidCase{"+1 (613) 555-0142 ext. 12", "+16135550142", 1, false},
        ValidCase{"Call me at 613-555-0142 please", "+16135550142", 1, false},
        // Other North American numbers are not international.
        ValidCase{"(202) 456-1111", "+12024561111", 1, false},
        ValidCase{"+1-800-555-0199", "+18005550199", 1, false},
        ValidCase{"+1 876 927 1234", "+18769271234", 1, false},
        // International numbers, written with their country code.
        ValidCase{"+44 7911 123456", "+447911123456", 44, true},
        ValidCase{"+44 20 7946 0958", "+442079460958", 44, true},
        ValidCase{"+33 6 12 34 56 78", "+33612345678", 33, true},
        ValidCase{"+61 4 1234 5678", "+61412345678", 61, true},
        ValidCase{"+7 912 345 67 89", "+79123456789", 7, true},
        ValidCase{"+683 4002", "+6834002", 683, true},
        // The first number found wins.
        ValidCase{"+1 613 555 0142 or +44 7911 123456", "+16135550142", 1, false},
        ValidCase{"+44 7911 123456 or 613 555 0142", "+447911123456", 44, true}));

struct InvalidCase {
  std::string input;
  std::string message;
};

class InvalidPhoneNumber : public testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidPhoneNumber, IsRejectedWithGcNotifysMessage) {
  Result<PhoneNumber> number = ValidatePhoneNumber(GetParam().input);
  ASSERT_FALSE(number) << number->e164;
  EXPECT_EQ(number.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(number.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, InvalidPhoneNumber,
    testing::Values(InvalidCase{"", "Not a valid international number"},
                    InvalidCase{"   ", "Not a valid international number"},
                    InvalidCase{"12345", "Not a valid international number"},
                    InvalidCase{"+1 613 555", "Not a valid international number"},
                    InvalidCase{"six one three", "Not a valid international number"},
                    InvalidCase{"phone", "Not a valid international number"},
                    // A number from outside North America needs its +country code.
                    InvalidCase{"44 7911 123456", "Not a valid international number"},
                    InvalidCase{"07911 123456", "Not a valid international number"},
                    // Ofcom's range for drama is not a valid number.
                    InvalidCase{"+44 7700 900123", "Not a valid international number"},
                    InvalidCase{"+2 613 555 0142", "Not a valid international number"},
                    InvalidCase{"613-555-0142;", "Not a valid number"},
                    InvalidCase{";", "Not a valid number"},
                    InvalidCase{"+98 912 345 6789", "Country code 98 is not supported"},
                    InvalidCase{"+53 5 1234567", "Country code 53 is not supported"},
                    InvalidCase{"+800 1234 5678", "Country code 800 is not supported"},
                    InvalidCase{std::string("+16135550142\xFF"),
                                "Not a valid international number"}));

TEST(SupportedCountryCodes, FollowGcNotifysBillingRates) {
  for (int code : {1, 7, 33, 44, 61, 683, 998}) EXPECT_TRUE(IsSupportedCountryCode(code)) << code;
  for (int code : {0, 53, 98, 249, 800, 963, 1876}) {
    EXPECT_FALSE(IsSupportedCountryCode(code)) << code;
  }
}

}  // namespace
}  // namespace missive
