#pragma once
// Email address validation and normalisation, exactly as GC Notify accepts addresses: a
// restricted local part (no quotes, no `;`, Latin-1 letters allowed), an internationalised domain
// encoded to ASCII with IDNA, and rules on its labels and top-level domain. Thread-safe: every
// function is pure.
//
//   if (!IsValidEmailAddress(to)) return Invalid("Not a valid email address");
//   notification.to = CleanEmailAddress(to);
//   notification.normalised_to = NormaliseEmailAddress(to);

#include <string>
#include <string_view>

namespace missive {

// The address with zero-width characters (U+180E, U+200B, U+200C, U+200D, U+2060, U+FEFF)
// removed everywhere and ASCII whitespace trimmed from both ends. Validation applies to this form.
std::string CleanEmailAddress(std::string_view address);

// The address with its domain in IDNA ASCII form ("zoe@exämple.ca" -> "zoe@xn--exmple-cua.ca"),
// as SMTP without SMTPUTF8 needs it; unchanged when the domain is ASCII or cannot be encoded.
std::string AsciiDomainAddress(std::string_view address);

// True when the cleaned address is one GC Notify would send to. Invalid UTF-8 is invalid.
bool IsValidEmailAddress(std::string_view address);

// The cleaned address, lower-cased (Unicode simple case mapping): the form used to compare
// recipients. Does not validate.
std::string NormaliseEmailAddress(std::string_view address);

}  // namespace missive
