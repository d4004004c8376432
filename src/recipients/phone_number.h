#pragma once
// Phone number validation and normalisation, exactly as GC Notify accepts a text message
// recipient: libphonenumber finds the first valid number in the text, read as a North American
// number when it can be (so 10-digit Canadian numbers need no +1), otherwise as an
// international number written with its +country code, which GC Notify must have a price for.
// Thread-safe: every function is pure.
//
//   Result<PhoneNumber> number = ValidatePhoneNumber(request.phone_number);
//   if (!number) return Invalid("phone_number " + number.error().message);
//   notification.normalised_to = number->e164;

#include <string>
#include <string_view>

#include "core/result.h"

namespace missive {

struct PhoneNumber {
  std::string e164;            // "+16135550142"
  int country_code = 1;        // 1 for every North American number (Canada, US, Caribbean)
  bool international = false;  // country code other than 1
};

// The first valid number in `text`, or an error of kind kInvalid whose message is GC Notify's:
//   "Not a valid number"                     the text contains ";"
//   "Not a valid international number"       no valid number (this includes empty text)
//   "Not enough digits"                      the E.164 form is shorter than 8 characters
//   "Country code <cc> is not supported"     GC Notify has no price for that country code
// Surrounding text is ignored ("call 613-555-0142 today" is +16135550142), as GC Notify does.
// Known gap: validity follows Debian's libphonenumber metadata, which may lag GC Notify's on
// newly assigned number ranges.
Result<PhoneNumber> ValidatePhoneNumber(std::string_view text);

// True when GC Notify can send to `country_code` (it has a billing rate for it).
bool IsSupportedCountryCode(int country_code);

}  // namespace missive
