// libFuzzer target for GC Notify's template language and email markdown. The input is split at
// its first NUL byte into a template body and a personalisation value (used for every
// placeholder name below, as a list, and as a logo URL and its text); the body's first line is
// also the subject. Built only with clang; scripts/fuzz.sh builds and runs it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "render/email.h"
#include "render/placeholders.h"

namespace {

missive::EmailBranding LogoBranding(std::string_view value) {
  missive::EmailBranding branding;
  branding.kind = missive::BrandingKind::kCustomLogo;
  branding.logo_url = "https://" + std::string(value);
  branding.logo_alt_text = std::string(value);
  return branding;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t split = input.find('\0');
  std::string body(input.substr(0, split));
  std::string value(split == std::string_view::npos ? "" : input.substr(split + 1));
  std::string subject = body.substr(0, body.find('\n'));
  nlohmann::json values = {
      {"name", value}, {"url", value}, {"list", {value, "", value}}, {"show", "yes"}};

  missive::FillPlaceholders(body, values, {missive::ValueStyle::kEmail, true});
  missive::FillPlaceholders(body, values, {missive::ValueStyle::kSms, false});
  (void)missive::MissingPlaceholders({subject, body}, values);
  missive::RenderEmail({subject, body}, values, "fr");
  missive::RenderEmail({subject, body}, values, value, LogoBranding(value));
  return 0;
}
