#include "recipients/phone_number.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <optional>

namespace missive {
namespace {

using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

// GC Notify reads numbers as this region first; numbers with its country code are "local".
constexpr char kLocalRegion[] = "US";
constexpr int kLocalCountryCode = 1;
// libphonenumber's code for "no region": only numbers written with +country code are found.
constexpr char kNoRegion[] = "ZZ";
// Python phonenumbers' default for PhoneNumberMatcher.
constexpr int kMaxTries = 65535;

// The country codes of GC Notify's international billing rates table (its four-digit North
// American keys are left out: libphonenumber reports those numbers as country code 1).
constexpr std::array<int, 203> kSupportedCountryCodes = {
    1,   7,   20,  27,  30,  31,  32,  33,  34,  36,  39,  40,  41,  43,  44,  45,  46,  47,  48,
    49,  51,  52,  54,  55,  56,  57,  58,  60,  61,  62,  63,  64,  65,  66,  81,  82,  84,  86,
    90,  91,  92,  93,  94,  95,  211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227,
    228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246,
    247, 248, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267,
    268, 269, 290, 291, 297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371,
    372, 373, 374, 375, 376, 377, 378, 379, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423,
    500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598,
    599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689,
    690, 691, 692, 852, 853, 855, 856, 870, 880, 886, 960, 961, 962, 964, 965, 966, 967, 968, 970,
    971, 972, 973, 974, 975, 976, 977, 992, 993, 994, 995, 996, 998};
static_assert(std::is_sorted(kSupportedCountryCodes.begin(), kSupportedCountryCodes.end()));

// The first valid number libphonenumber finds in `text` when reading it as `region`.
std::optional<i18n::phonenumbers::PhoneNumber> FirstMatch(const std::string& text,
                                                          const char* region) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumberMatcher matcher(util, text, region, PhoneNumberMatcher::VALID, kMaxTries);
  PhoneNumberMatch match;
  if (!matcher.HasNext() || !matcher.Next(&match)) return std::nullopt;
  return match.number();
}

// GC Notify's local reading: the first number found as a US number, if it is North American.
std::optional<i18n::phonenumbers::PhoneNumber> LocalMatch(const std::string& text) {
  auto number = FirstMatch(text, kLocalRegion);
  if (!number || number->country_code() != kLocalCountryCode) return std::nullopt;
  return number;
}

PhoneNumber ToPhoneNumber(const i18n::phonenumbers::PhoneNumber& number) {
  PhoneNumber result;
  PhoneNumberUtil::GetInstance()->Format(number, PhoneNumberUtil::E164, &result.e164);
  result.country_code = number.country_code();
  result.international = result.country_code != kLocalCountryCode;
  return result;
}

Error Invalid(std::string message) { return MakeError(ErrorCode::kInvalid, std::move(message)); }

}  // namespace

bool IsSupportedCountryCode(int country_code) {
  return std::binary_search(kSupportedCountryCodes.begin(), kSupportedCountryCodes.end(),
                            country_code);
}

Result<PhoneNumber> ValidatePhoneNumber(std::string_view text) {
  if (text.find(';') != text.npos) return Invalid("Not a valid number");
  std::string input(text);

  if (auto local = LocalMatch(input)) return ToPhoneNumber(*local);

  auto number = FirstMatch(input, kNoRegion);
  if (!number) return Invalid("Not a valid international number");
  PhoneNumber result = ToPhoneNumber(*number);
  if (result.e164.size() < 8) return Invalid("Not enough digits");
  if (!IsSupportedCountryCode(result.country_code)) {
    return Invalid("Country code " + std::to_string(result.country_code) + " is not supported");
  }
  return result;
}

}  // namespace missive
