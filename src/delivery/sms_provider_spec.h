#pragma once
// SmsProviderSpec: one SMS provider as `missive serve --sms-provider` describes it, "KIND:URL",
// for example
//   twilio:https://ACxxxx:authtoken@api.twilio.com?from=%2B16135550100&priority=2&rate=1
// The query keys every kind understands are taken out here: priority (lower is tried first;
// default 1), rate (message parts a second for the account; default 0, not paced) and burst
// (parts at once; default max(rate, 1)). The kind's own keys are left for its maker. Thread-safe,
// no state.
//
//   Result<SmsProviderSpec> spec = ParseSmsProviderSpec(argument);
//   if (spec && spec->kind == "twilio") Use(spec->url, spec->Param("from"));

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace missive {

struct SmsProviderSpec {
  std::string text;                                         // the whole spec, as given
  std::string kind;                                         // before the first ':' ("twilio")
  std::string url;                                          // after it, without the query
  std::vector<std::pair<std::string, std::string>> params;  // the rest of the query, decoded
  int priority = 1;
  double rate = 0;
  double burst = 0;

  // The value of query key `name`; empty when absent.
  std::string Param(std::string_view name) const;
};

// kInvalid, naming the problem, when there is no kind, no URL (scheme://...), or priority, rate or
// burst is repeated or not a non-negative number. The message never repeats the URL, which may hold
// a password.
Result<SmsProviderSpec> ParseSmsProviderSpec(std::string_view spec);

// What every provider kind may need from the server it runs in.
struct SmsProviderContext {
  // Where providers reach this server (serve --public-url), for their delivery reports.
  std::string public_url;
};

}  // namespace missive
