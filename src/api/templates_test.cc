#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/jwt.h"
#include "api/testing/fixture.h"

namespace missive {
namespace {

using nlohmann::json;
using testing::kNow;

class TemplatesTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    api_ = std::make_unique<Api>(*store_, clock_, ApiOptions{}, nullptr);
    sms_.id = NewUuid();
    sms_.service_id = service_.id;
    sms_.type = TemplateType::kSms;
    sms_.name = "Example text message template";
    sms_.body = "Hello ((name))\n\nFunctional Tests make our world a better place";
    sms_.created_at = kNow;
    sms_.created_by = "test";
    ASSERT_TRUE(store_->CreateTemplate(sms_).ok());
    ASSERT_TRUE(
        store_->UpdateTemplate(sms_.id, {.name = "Client Functional test sms template"}, kNow + 1)
            .ok());
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    std::string auth = "Bearer " + SignHs256(service_.id, kNow / kMicrosPerSecond, key_.secret);
    return api_->Handle({method, target, "h:1", auth, "application/json", body, "r"});
  }

  json Ok(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  std::unique_ptr<Api> api_;
  Template sms_;
};

TEST_F(TemplatesTest, GetTemplateHasEveryFieldTheClientsRead) {
  json t = Ok(Call("GET", "/v2/template/" + template_.id));
  EXPECT_EQ(t["id"], template_.id);
  EXPECT_EQ(t["type"], "email");
  EXPECT_EQ(t["name"], "Confirmation");
  EXPECT_EQ(t["version"], 1);
  EXPECT_EQ(t["body"], "Bonjour ((name)),\r\n\r\nMerci.");
  EXPECT_EQ(t["subject"], "Votre demande, ((name))");
  EXPECT_EQ(t["created_at"], FormatTimestamp(kNow));
  EXPECT_EQ(t["updated_at"], nullptr);
  EXPECT_EQ(t["created_by"], "test");
  EXPECT_EQ(t["letter_contact_block"], nullptr);
  EXPECT_EQ(t["postage"], nullptr);
  EXPECT_EQ(t["personalisation"], json::parse(R"({"name": {"required": true}})"));
}

TEST_F(TemplatesTest, VersionsAreServedFromTheHistory) {
  json current = Ok(Call("GET", "/v2/template/" + sms_.id));
  EXPECT_EQ(current["version"], 2);
  EXPECT_EQ(current["name"], "Client Functional test sms template");
  EXPECT_EQ(current["subject"], nullptr);
  json first = Ok(Call("GET", "/v2/template/" + sms_.id + "/version/1"));
  EXPECT_EQ(first["version"], 1);
  EXPECT_EQ(first["name"], "Example text message template");
  HttpResponse missing = Call("GET", "/v2/template/" + sms_.id + "/version/9");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(
      missing.body,
      R"({"status_code":404,"errors":[{"error":"NoResultFound","message":"No result found"}]})");
  EXPECT_EQ(Call("GET", "/v2/template/" + sms_.id + "/version/one").status, 404);
}

TEST_F(TemplatesTest, BadOrUnknownTemplateIds) {
  HttpResponse bad = Call("GET", "/v2/template/1234");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["errors"][0]["message"], "id is not a valid UUID");
  EXPECT_EQ(Call("GET", "/v2/template/" + NewUuid()).status, 404);
}

TEST_F(TemplatesTest, ListIsOrderedByNameAndFilteredByType) {
  json all = Ok(Call("GET", "/v2/templates"));
  ASSERT_EQ(all["templates"].size(), 2u);
  EXPECT_EQ(all["templates"][0]["name"], "Client Functional test sms template");
  EXPECT_EQ(all["templates"][1]["name"], "Confirmation");
  json sms = Ok(Call("GET", "/v2/templates?type=sms"));
  ASSERT_EQ(sms["templates"].size(), 1u);
  EXPECT_EQ(sms["templates"][0]["id"], sms_.id);
  EXPECT_EQ(Ok(Call("GET", "/v2/templates?type=letter"))["templates"], json::array());
}

TEST_F(TemplatesTest, ListRefusesUnknownTypesAndParameters) {
  HttpResponse r = Call("GET", "/v2/templates?type=fax&colour=red");
  ASSERT_EQ(r.status, 400);
  json errors = json::parse(r.body)["errors"];
  EXPECT_EQ(errors[0]["message"], "type fax is not one of [sms, email, letter]");
  EXPECT_EQ(errors[1]["message"], "Additional properties are not allowed (colour was unexpected)");
}

TEST_F(TemplatesTest, PreviewRendersEmailAndSms) {
  json email = Ok(Call("POST", "/v2/template/" + template_.id + "/preview",
                       R"({"personalisation": {"name": "Zoé"}})"));
  EXPECT_EQ(email["type"], "email");
  EXPECT_EQ(email["body"], "Bonjour Zoé,\r\n\r\nMerci.");
  EXPECT_EQ(email["subject"], "Votre demande, Zoé");
  EXPECT_TRUE(email["html"].is_string());
  json sms = Ok(Call("POST", "/v2/template/" + sms_.id + "/preview",
                     R"({"personalisation": {"name": "Foo"}})"));
  EXPECT_EQ(sms["body"], "Hello Foo\n\nFunctional Tests make our world a better place");
  EXPECT_EQ(sms["subject"], nullptr);
  EXPECT_EQ(sms["html"], nullptr);
  EXPECT_EQ(sms["version"], 2);
}

TEST_F(TemplatesTest, PreviewNamesMissingPersonalisation) {
  HttpResponse r = Call("POST", "/v2/template/" + template_.id + "/preview", "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["errors"][0]["message"], "Missing personalisation: name");
  EXPECT_EQ(json::parse(r.body)["errors"][0]["error"], "BadRequestError");
}

TEST_F(TemplatesTest, LettersAreNotOffered) {
  HttpResponse r = Call("POST", "/v2/notifications/letter", "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["errors"][0]["message"], "Service is not allowed to send letters");
}

}  // namespace
}  // namespace missive
