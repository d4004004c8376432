#pragma once
// SMS text: what GC Notify sends for a text message template, and what it costs. A filled
// template is downgraded to the characters phones display reliably (GSM 03.38 with its extension
// table, plus the Welsh and French letters and the Inuktitut, Cree and Ojibwe syllabics that
// GC Notify keeps), cleaned up, measured in length units and split into billable fragments.
// Thread-safe: every function is pure.
//
//   RenderedSms sms = RenderSms({.body = content, .service_name = name}, personalisation);
//   if (sms.too_long) return RejectTooLong(sms);
//   Send(phone_number, sms.text);  // the notification's body is sms.api_body

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace missive {

// The most length units a message may have: four concatenated GSM fragments of 153.
inline constexpr int kSmsMaxUnits = 612;

// Replaces every character outside the allowed set: a character with a canonical decomposition
// becomes its base character (È → E, ǖ → ü), the dashes – — become -, … becomes ..., the curly
// quotes ‘ ’ “ ” become ' and ", a tab or a no-break space becomes a space, a zero-width space
// disappears, and anything else (emoji, CJK, other scripts, control characters, invalid UTF-8
// bytes) becomes ?. Where GC Notify's one-step decomposition yields a character still outside
// the allowed set (Ḗ → Ē) it sends that character; we decompose again (Ḗ → E) or write ?, so the
// result is always in the allowed set.
std::string DowngradeSms(std::string_view text);

// True when `text` contains one of the Welsh, French or syllabic characters outside GSM 03.38:
// such a message is sent as Unicode (UCS-2), every other one as GSM 7-bit.
bool IsUnicodeSms(std::string_view text);

// Length units of downgraded text: one per character, except that in a GSM message each
// extension-table character (^ { } \ [ ~ ] | €) takes two. Known gap: a syllabic above U+FFFF
// counts one unit, as in GC Notify, though UCS-2 sends it as two, so a text full of them can be
// billed for fewer fragments than the network carries.
int CountSmsUnits(std::string_view text);

// Billable fragments for a message of `units`: GSM fits 160 in one, else 153 per fragment;
// Unicode fits 70 in one, else 67 per fragment. An empty message is one fragment.
int CountSmsFragments(int units, bool unicode);

// A text message template and the sending service's settings.
struct SmsContent {
  std::string body;          // template content, with ((placeholders))
  std::string service_name;  // becomes the "<name>: " prefix
  bool prefix = true;        // the service's prefix_sms setting
};

struct RenderedSms {
  std::string text;      // as sent: filled, prefixed, downgraded, cleaned, trimmed
  std::string api_body;  // the same without the prefix, as the API reports it
  bool unicode = false;  // `text` goes out as UCS-2
  int units = 0;         // length units of `text`
  int fragments = 1;     // billable units of `text`
  // Over kSmsMaxUnits as GC Notify checks at send time: units of `api_body`, plus the service
  // name's length and 2 for ": " when the prefix setting is on.
  bool too_long = false;
};

// Fills `content.body` from `values` (lists read "a, b and c"; unsatisfied placeholders stay as
// written), adds the prefix when `content.prefix` is set and the name is not empty, then
// downgrades, removes spaces before "," and ".", turns \r\n and \r into \n, and trims.
RenderedSms RenderSms(const SmsContent& content, const nlohmann::json& values);

}  // namespace missive
