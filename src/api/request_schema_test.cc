#include "api/request_schema.h"

#include <gtest/gtest.h>

namespace missive {
namespace {

using nlohmann::json;

const Schema kSchema{{{"reference", FieldKind::kString},
                      {"email_address", FieldKind::kEmail},
                      {"template_id", FieldKind::kUuid},
                      {"personalisation", FieldKind::kObject},
                      {"scheduled_for", FieldKind::kStringOrNull}},
                     {"email_address", "template_id"}};

constexpr const char* kTemplate = "26785a09-ab16-4eb0-8407-a37497a57506";

TEST(RequestSchema, ValidBodyHasNoErrors) {
  json body = {{"email_address", "a@example.com"}, {"template_id", kTemplate}};
  EXPECT_TRUE(Validate(body, kSchema).empty());
}

TEST(RequestSchema, RequiredPropertiesInSchemaOrder) {
  EXPECT_EQ(Validate(json::object(), kSchema),
            (std::vector<std::string>{"email_address is a required property",
                                      "template_id is a required property"}));
}

TEST(RequestSchema, TypeErrorsPrintValuesAsPython) {
  json body = {{"email_address", nullptr},
               {"template_id", kTemplate},
               {"personalisation", "not_a_dict"},
               {"reference", 12},
               {"scheduled_for", 42}};
  EXPECT_EQ(Validate(body, kSchema),
            (std::vector<std::string>{"reference 12 is not of type string",
                                      "email_address None is not of type string",
                                      "personalisation not_a_dict is not of type object",
                                      "scheduled_for 42 is not of type string, null"}));
}

TEST(RequestSchema, InvalidUuidAndEmail) {
  json body = {{"email_address", "not an email"}, {"template_id", "1234"}};
  EXPECT_EQ(Validate(body, kSchema),
            (std::vector<std::string>{"email_address Not a valid email address",
                                      "template_id is not a valid UUID"}));
  body["template_id"] = 5;
  EXPECT_EQ(Validate(body, kSchema)[1], "template_id is not a valid UUID");
}

TEST(RequestSchema, AdditionalPropertiesAreNamed) {
  json body = {{"email_address", "a@example.com"}, {"template_id", kTemplate}, {"colour", "red"}};
  EXPECT_EQ(
      Validate(body, kSchema),
      (std::vector<std::string>{"Additional properties are not allowed (colour was unexpected)"}));
  body["size"] = 1;
  EXPECT_EQ(Validate(body, kSchema)[0],
            "Additional properties are not allowed (colour, size were unexpected)");
}

TEST(RequestSchema, BodyThatIsNotAnObject) {
  EXPECT_EQ(Validate(json::array({1, "a"}), kSchema),
            (std::vector<std::string>{"[1, a] is not of type object"}));
  EXPECT_EQ(Validate(json(true), kSchema),
            (std::vector<std::string>{"True is not of type object"}));
}

TEST(PythonRepr, MatchesPythonPrinting) {
  EXPECT_EQ(PythonRepr(json(nullptr)), "None");
  EXPECT_EQ(PythonRepr(json(false)), "False");
  EXPECT_EQ(PythonRepr(json(1.5)), "1.5");
  EXPECT_EQ(PythonRepr(json(2.0)), "2.0");
  EXPECT_EQ(PythonRepr(json(7700900001)), "7700900001");
  EXPECT_EQ(PythonRepr(json::parse(R"({"a": [1, null]})")), "{a: [1, None]}");
}

}  // namespace
}  // namespace missive
