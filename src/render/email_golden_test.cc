// Three complete emails (HTML document and plain text) compared with the files in testdata/.
// Their text is what GC Notify sends for the same templates (the HTML differs in markup only).
// After an intended change to the output, regenerate the files and review the difference:
//
//   MISSIVE_UPDATE_GOLDEN=1 build/src/render/render_test --gtest_filter='Golden*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "render/email.h"

namespace missive {
namespace {

using nlohmann::json;

struct GoldenCase {
  const char* name;
  const char* lang;
  EmailBranding branding;
  const char* subject;
  const char* body;
  const char* values;  // JSON
};

std::string GoldenPath(const std::string& file) {
  return std::string(MISSIVE_RENDER_TESTDATA) + "/" + file;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

void ExpectMatchesFile(const std::string& file, const std::string& actual) {
  std::string path = GoldenPath(file);
  if (std::getenv("MISSIVE_UPDATE_GOLDEN") != nullptr) WriteFile(path, actual);
  EXPECT_EQ(actual, ReadFile(path)) << "differs from " << path;
}

class Golden : public testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, MatchesFiles) {
  const GoldenCase& c = GetParam();
  RenderedEmail email = RenderEmail({c.subject, c.body}, json::parse(c.values), c.lang, c.branding);
  ExpectMatchesFile(std::string(c.name) + ".html", email.html);
  ExpectMatchesFile(std::string(c.name) + ".txt", email.text);
}

std::string CaseName(const testing::TestParamInfo<GoldenCase>& info) { return info.param.name; }

EmailBranding Branding(BrandingKind kind, std::string logo_url = "", std::string alt_text = "") {
  EmailBranding branding;
  branding.kind = kind;
  branding.public_base_url = "https://notify.example.ca";
  branding.logo_url = std::move(logo_url);
  branding.logo_alt_text = std::move(alt_text);
  return branding;
}

const EmailBranding kEnglishSignature = Branding(BrandingKind::kGovernmentOfCanadaEnglish);
const EmailBranding kFrenchSignature = Branding(BrandingKind::kGovernmentOfCanadaFrench);
const EmailBranding kServiceLogo =
    Branding(BrandingKind::kCustomLogo, "https://cdn.example.gc.ca/logo.png", "Benefits Service");

INSTANTIATE_TEST_SUITE_P(
    Emails, Golden,
    testing::Values(
        GoldenCase{"simple", "en", kEnglishSignature, "Your application, ((name))",
                   "Hello ((name)),\n\n"
                   "We received your application on ((date)). Your reference number is "
                   "((reference)).\n\n"
                   "You don't need to do anything else - we'll contact you within 30 days.\n\n"
                   "The Benefits Team",
                   R"({"name": "Zo\u00e9 Tremblay", "date": "12 March 2026",
                       "reference": "ABC-123"})"},
        GoldenCase{"structured", "en", kServiceLogo, "Next steps for your request",
                   "# Your request ((reference))\n\n"
                   "Hello ((name)),\n\n"
                   "Thank you for your request. Here is what happens next:\n\n"
                   "1. We check your documents\n"
                   "2. We review your request\n"
                   "   * against the **eligibility criteria**\n"
                   "   * with _your_ employer, if needed\n"
                   "3. We send you a decision\n\n"
                   "## Before you call us\n\n"
                   "Have these ready:\n\n"
                   "* your reference number\n"
                   "* your date of birth\n\n"
                   "^ We will never ask for your password by email or text message.\n\n"
                   "---\n\n"
                   "Check your status at https://www.canada.ca/en/services.html or [sign in to "
                   "your account](https://account.example.gc.ca/signin?lang=en&next=/status).\n\n"
                   "Questions? Email [help@example.gc.ca](mailto:help@example.gc.ca) or call "
                   "1-800-555-0100.",
                   R"({"reference": "ABC-123", "name": "Sam O'Neil"})"},
        GoldenCase{"bilingual", "fr", kFrenchSignature, "Your appointment / Votre rendez-vous",
                   "[[en]]\n"
                   "Hello ((name)),\n\n"
                   "Your appointment is on **((date_en))** at ((place)).\n\n"
                   "Bring your \"confirmation letter\" and a piece of ID.\n"
                   "[[/en]]\n\n"
                   "[[fr]]\n"
                   "Bonjour ((name)),\n\n"
                   "Votre rendez-vous est le **((date_fr))** \u00e0 ((place)).\n\n"
                   "Apportez votre \u00ab lettre de confirmation \u00bb et une pi\u00e8ce "
                   "d'identit\u00e9. \u00c7a n'est pas n\u00e9gociable - merci !\n"
                   "[[/fr]]",
                   R"({"name": "Zo\u00e9 L\u00e9vesque", "date_en": "Tuesday, 3 March",
                       "date_fr": "mardi 3 mars",
                       "place": "Service Canada, 123 rue Principale"})"}),
    CaseName);

}  // namespace
}  // namespace missive
