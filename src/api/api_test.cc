#include "api/api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/jwt.h"
#include "api/testing/fixture.h"
#include "store/sqlite_store.h"

namespace missive {
namespace {

using nlohmann::json;
using testing::kNow;

class ApiTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    api_ = std::make_unique<Api>(*store_, clock_,
                                 ApiOptions{.email_domain = "example.gc.ca", .public_url = ""},
                                 [this] { ++created_; });
  }

  std::string Bearer(const ApiKey& key) {
    return "Bearer " + SignHs256(key.service_id, kNow / kMicrosPerSecond, key.secret);
  }

  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body,
                    const std::optional<ApiKey>& key = std::nullopt,
                    const std::string& content_type = "application/json") {
    HttpRequest request{method, target, "api.test:6011", Bearer(key.value_or(key_)), content_type,
                        body,   "r1"};
    return api_->Handle(request);
  }

  HttpResponse PostEmail(const json& body) {
    return Call("POST", "/v2/notifications/email", body.dump());
  }

  json GoodRequest() {
    return {{"email_address", "zoe@example.com"},
            {"template_id", template_.id},
            {"personalisation", {{"name", "Zoé <b>"}}},
            {"reference", "ref-1"}};
  }

  // The single error message of a v2 error body, checking status and class.
  std::string ErrorOf(const HttpResponse& r, int status, const std::string& error_class) {
    EXPECT_EQ(r.status, status) << r.body;
    json body = json::parse(r.body);
    EXPECT_EQ(body["status_code"], status);
    EXPECT_EQ(body["errors"].size(), 1u) << r.body;
    EXPECT_EQ(body["errors"][0]["error"], error_class);
    return body["errors"][0]["message"];
  }

  std::unique_ptr<Api> api_;
  int created_ = 0;
};

TEST_F(ApiTest, SendEmailAnswers201WithRenderedContent) {
  HttpResponse r = PostEmail(GoodRequest());
  ASSERT_EQ(r.status, 201) << r.body;
  json body = json::parse(r.body);
  std::string id = body["id"];
  EXPECT_EQ(body["reference"], "ref-1");
  EXPECT_EQ(body["uri"], "http://api.test:6011/v2/notifications/" + id);
  EXPECT_EQ(body["template"]["id"], template_.id);
  EXPECT_EQ(body["template"]["version"], 1);
  EXPECT_EQ(body["template"]["uri"],
            "http://api.test:6011/v2/template/" + template_.id + "/version/1");
  EXPECT_EQ(body["scheduled_for"], nullptr);
  EXPECT_EQ(body["content"]["from_email"], "essai@example.gc.ca");
  EXPECT_EQ(body["content"]["body"], "Bonjour Zoé <b>,\r\n\r\nMerci.");
  EXPECT_EQ(body["content"]["subject"], "Votre demande, Zoé &lt;b&gt;");
  EXPECT_EQ(created_, 1);
}

TEST_F(ApiTest, SentNotificationCanBeReadBackAtOnce) {
  std::string id = json::parse(PostEmail(GoodRequest()).body)["id"];
  HttpResponse r = Call("GET", "/v2/notifications/" + id, "");
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["id"], id);
  EXPECT_EQ(body["type"], "email");
  EXPECT_EQ(body["status"], "created");
  EXPECT_EQ(body["status_description"], "In transit");
  EXPECT_EQ(body["email_address"], "zoe@example.com");
  EXPECT_EQ(body["phone_number"], nullptr);
  EXPECT_EQ(body["line_6"], nullptr);
  EXPECT_EQ(body["postcode"], nullptr);
  EXPECT_EQ(body["body"], "Bonjour Zoé <b>,\r\n\r\nMerci.");
  EXPECT_EQ(body["completed_at"], nullptr);
  EXPECT_EQ(body["created_at"], FormatTimestamp(kNow));
  EXPECT_TRUE(body.contains("created_by_name"));
}

TEST_F(ApiTest, AnotherServicesKeyGets404ForTheNotification) {
  std::string id = json::parse(PostEmail(GoodRequest()).body)["id"];
  Service other{NewUuid(), "Other", "other", true, false, kNow};
  ASSERT_TRUE(store_->CreateService(other).ok());
  ApiKey other_key = AddKey("other", KeyType::kNormal, other.id);
  HttpResponse r = Call("GET", "/v2/notifications/" + id, "", other_key);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"result":"error","message":"Notification not found in database"})");
}

TEST_F(ApiTest, MalformedNotificationIdIsAValidationError) {
  EXPECT_EQ(ErrorOf(Call("GET", "/v2/notifications/1234", ""), 400, "ValidationError"),
            "notification_id is not a valid UUID");
}

TEST_F(ApiTest, BadJsonIsRefusedAndNothingIsStored) {
  HttpResponse r = Call("POST", "/v2/notifications/email", "{not json");
  std::string message = ErrorOf(r, 400, "BadRequestError");
  EXPECT_EQ(message.rfind("Error decoding arguments: Failed to decode JSON object: ", 0), 0u)
      << message;
  EXPECT_EQ(created_, 0);
}

TEST_F(ApiTest, NonJsonContentTypeIs415) {
  HttpResponse r =
      Call("POST", "/v2/notifications/email", GoodRequest().dump(), std::nullopt, "text/plain");
  EXPECT_EQ(ErrorOf(r, 415, "BadRequestError"),
            "UnsupportedMediaType error: Did not attempt to load JSON data because the request "
            "Content-Type was not 'application/json'.");
}

TEST_F(ApiTest, SchemaErrorsAreListedTogether) {
  HttpResponse r = PostEmail({{"template_id", "nope"}, {"colour", 1}});
  ASSERT_EQ(r.status, 400);
  json errors = json::parse(r.body)["errors"];
  ASSERT_EQ(errors.size(), 3u) << r.body;
  EXPECT_EQ(errors[0]["message"], "template_id is not a valid UUID");
  EXPECT_EQ(errors[1]["message"], "email_address is a required property");
  EXPECT_EQ(errors[2]["message"], "Additional properties are not allowed (colour was unexpected)");
  EXPECT_EQ(errors[2]["error"], "ValidationError");
  EXPECT_EQ(created_, 0);
}

TEST_F(ApiTest, InvalidEmailAddressIsRefused) {
  json request = GoodRequest();
  request["email_address"] = "zoe@@example";
  EXPECT_EQ(ErrorOf(PostEmail(request), 400, "ValidationError"),
            "email_address Not a valid email address");
}

TEST_F(ApiTest, UnknownTemplateIsRefused) {
  json request = GoodRequest();
  request["template_id"] = NewUuid();
  EXPECT_EQ(ErrorOf(PostEmail(request), 400, "BadRequestError"), "Template not found");
}

TEST_F(ApiTest, AnotherServicesTemplateIsNotFound) {
  Service other{NewUuid(), "Other", "other", true, false, kNow};
  ASSERT_TRUE(store_->CreateService(other).ok());
  ApiKey other_key = AddKey("other", KeyType::kNormal, other.id);
  HttpResponse r = Call("POST", "/v2/notifications/email", GoodRequest().dump(), other_key);
  EXPECT_EQ(ErrorOf(r, 400, "BadRequestError"), "Template not found");
}

TEST_F(ApiTest, MissingPersonalisationIsNamed) {
  json request = GoodRequest();
  request.erase("personalisation");
  EXPECT_EQ(ErrorOf(PostEmail(request), 400, "BadRequestError"),
            "Missing personalisation for template ID " + template_.id + ": name");
  EXPECT_EQ(created_, 0);
}

TEST_F(ApiTest, SuspendedServiceCannotSend) {
  Service suspended{NewUuid(), "Suspended", "suspended", false, false, kNow};
  ASSERT_TRUE(store_->CreateService(suspended).ok());
  ApiKey key = AddKey("k", KeyType::kNormal, suspended.id);
  HttpRequest request{"POST",
                      "/v2/notifications/email",
                      "h",
                      "ApiKey-v1 " + FormatApiKey(key),
                      "application/json",
                      GoodRequest().dump(),
                      "r"};
  EXPECT_EQ(ErrorOf(api_->Handle(request), 403, "BadRequestError"), "Service is suspended");
}

TEST_F(ApiTest, UnknownRouteAndWrongMethodUseTheLegacyDialect) {
  HttpResponse missing = Call("GET", "/v2/nothing-here", "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)["result"], "error");
  HttpResponse wrong = Call("PATCH", "/v2/notifications/email", "");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(json::parse(wrong.body)["message"], "The method is not allowed for the requested URL.");
}

TEST_F(ApiTest, AuthIsCheckedOnlyAfterARouteMatches) {
  HttpRequest request{"GET", "/v2/nothing", "h", "", "", "", "r"};
  EXPECT_EQ(api_->Handle(request).status, 404);
  request.target = "/v2/notifications/" + NewUuid();
  EXPECT_EQ(ErrorOf(api_->Handle(request), 401, "AuthError"),
            "Unauthorized, authentication token must be provided");
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

TEST_F(ApiTest, StatusNeedsNoAuthAndReportsTheSchemaVersion) {
  HttpResponse full = api_->Handle({"GET", "/_status", "h", "", "", "", "r"});
  ASSERT_EQ(full.status, 200);
  json body = json::parse(full.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["db_version"], LatestSchemaVersion());
  EXPECT_TRUE(body["current_time_utc"].is_string());
  EXPECT_TRUE(body.contains("commit_sha"));
  EXPECT_EQ(json::parse(api_->Handle({"GET", "/_status?simple=1", "h", "", "", "", "r"}).body),
            json::parse(R"({"status": "ok"})"));
}

TEST_F(ApiTest, OpenApiDocumentsAreServedWithoutAuth) {
  HttpResponse en = api_->Handle({"GET", "/v2/openapi-en", "h", "", "", "", "r"});
  EXPECT_EQ(en.status, 200);
  EXPECT_EQ(en.content_type, "application/yaml");
  EXPECT_EQ(en.body.rfind("openapi: 3.0", 0), 0u);
  HttpResponse fr = api_->Handle({"GET", "/v2/openapi-fr", "h", "", "", "", "r"});
  EXPECT_NE(fr.body, en.body);
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

TEST_F(ApiTest, CorsPreflightNeedsNoAuth) {
  HttpResponse r = api_->Handle({"OPTIONS", "/v2/notifications/email", "h", "", "", "", "r"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(api_->Handle({"OPTIONS", "/v2/nowhere", "h", "", "", "", "r"}).status, 404);
}

TEST_F(ApiTest, EmailImagesAreServedWithoutAuth) {
  HttpResponse logo = api_->Handle({"GET", "/assets/gc-logo-fr.png", "h", "", "", "", "r"});
  EXPECT_EQ(logo.status, 200);
  EXPECT_EQ(logo.content_type, "image/png");
  EXPECT_EQ(logo.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(api_->Handle({"GET", "/assets/other.png", "h", "", "", "", "r"}).status, 404);
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

TEST_F(ApiTest, DeeplyNestedJsonIsRefusedNotFollowed) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  HttpResponse r = Call("POST", "/v2/notifications/email", deep);
  EXPECT_EQ(ErrorOf(r, 400, "BadRequestError"),
            "Error decoding arguments: Failed to decode JSON object: nested more than 64 levels "
            "deep");
  std::string nested_value =
      R"({"email_address": )" + std::string(70, '[') + "1" + std::string(70, ']') + "}";
  EXPECT_EQ(Call("POST", "/v2/notifications/email", nested_value).status, 400);
  EXPECT_EQ(created_, 0);
}

TEST_F(ApiTest, NumberTooLargeForADoubleIsABadRequestNotAServerError) {
  for (const char* number : {"3.5e308", "1e400", "-1e309"}) {
    std::string body = R"({"email_address": "a@example.com", "template_id": ")" + template_.id +
                       R"(", "personalisation": {"n": )" + number + "}}";
    HttpResponse r = Call("POST", "/v2/notifications/email", body);
    EXPECT_EQ(ErrorOf(r, 400, "BadRequestError")
                  .rfind("Error decoding arguments: Failed to decode JSON object: ", 0),
              0u)
        << number;
  }
  EXPECT_EQ(created_, 0);
}

TEST_F(ApiTest, InvalidUtf8IsABadRequestNotACrash) {
  std::string body =
      "{\"email_address\": \"a\xc3@example.com\", \"template_id\": \"" + template_.id + "\"}";
  HttpResponse r = Call("POST", "/v2/notifications/email", body);
  EXPECT_EQ(ErrorOf(r, 400, "BadRequestError"),
            "Error decoding arguments: Failed to decode JSON object: the body is not valid UTF-8");
  HttpResponse query = Call("GET", "/v2/notifications?template_type=%ff", "");
  EXPECT_EQ(query.status, 400);
  EXPECT_EQ(ErrorOf(query, 400, "ValidationError"),
            "template_type \xef\xbf\xbd is not one of [sms, email, letter]");
  EXPECT_EQ(created_, 0);
}

TEST_F(ApiTest, ProviderEndpointIsAnsweredWithoutAKeyAndGetsTheWholeUrl) {
  std::string seen_url;
  ApiOptions options{.public_url = "https://notify.example.ca/"};
  options.provider_endpoints.push_back(
      {"POST", "/providers/test/report", [&](const HttpRequest& request, const std::string& url) {
         seen_url = url;
         return HttpResponse{204, "text/plain", "", {}};
       }});
  Api api(*store_, clock_, std::move(options), [] {});
  HttpRequest request{"POST", "/providers/test/report?id=42", "127.0.0.1:6011", "", "", "a=1",
                      "r1"};
  EXPECT_EQ(api.Handle(request).status, 204);
  EXPECT_EQ(seen_url, "https://notify.example.ca/providers/test/report?id=42");

  request.method = "GET";
  EXPECT_EQ(api.Handle(request).status, 405);
  request.method = "POST";
  request.target = "/providers/other/report";
  EXPECT_EQ(api.Handle(request).status, 404);
}

}  // namespace
}  // namespace missive
