#include "api/openapi.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace missive {
namespace {

constexpr std::string_view kPaths[] = {
    "/v2/notifications/email:",
    "/v2/notifications/sms:",
    "/v2/notifications/letter:",
    "/v2/notifications/{notification_id}:",
    "/v2/notifications:",
    "/v2/template/{template_id}:",
    "/v2/template/{template_id}/version/{version}:",
    "/v2/templates:",
    "/v2/template/{template_id}/preview:",
    "/v2/received-text-messages:",
    "/_status:",
};

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

class OpenApiDocumentTest : public ::testing::TestWithParam<const char*> {};

TEST_P(OpenApiDocumentTest, IsAnOpenApi30DocumentWithEveryRoute) {
  std::string_view yaml = OpenApiDocument(GetParam());
  ASSERT_FALSE(yaml.empty());
  EXPECT_TRUE(yaml.starts_with("openapi: 3.0")) << yaml.substr(0, 40);
  for (std::string_view path : kPaths) {
    EXPECT_TRUE(Contains(yaml, "\n  " + std::string(path) + "\n")) << path;
  }
  EXPECT_TRUE(Contains(yaml, "bearerAuth:"));
  EXPECT_TRUE(Contains(yaml, "ApiKey-v1"));
  EXPECT_TRUE(yaml.ends_with("\n"));
}

INSTANTIATE_TEST_SUITE_P(OpenApiLanguages, OpenApiDocumentTest, ::testing::Values("en", "fr"));

TEST(OpenApi, FrenchDocumentIsInFrench) {
  std::string_view fr = OpenApiDocument("fr");
  EXPECT_TRUE(Contains(fr, "Authentification par jeton"));
  EXPECT_TRUE(Contains(fr, "Envoyer un courriel"));
  EXPECT_TRUE(Contains(fr, "gabarit"));
  EXPECT_TRUE(Contains(fr, "enregistrée"));  // UTF-8 accents survive the embedding
  EXPECT_FALSE(Contains(fr, "Send an email"));
}

TEST(OpenApi, EnglishDocumentIsInEnglish) {
  std::string_view en = OpenApiDocument("en");
  EXPECT_TRUE(Contains(en, "Send an email"));
  EXPECT_FALSE(Contains(en, "courriel"));
}

TEST(OpenApi, OtherLanguagesAreEmpty) {
  EXPECT_TRUE(OpenApiDocument("").empty());
  EXPECT_TRUE(OpenApiDocument("EN").empty());
  EXPECT_TRUE(OpenApiDocument("fr-CA").empty());
  EXPECT_TRUE(OpenApiDocument("de").empty());
}

}  // namespace
}  // namespace missive
