#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/jwt.h"
#include "api/testing/fixture.h"
#include "core/encoding.h"

namespace missive {
namespace {

using nlohmann::json;
using testing::kNow;

class FilesTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    api_ = std::make_unique<Api>(*store_, clock_, ApiOptions{}, nullptr);
  }

  HttpResponse Send(json personalisation) {
    personalisation["name"] = "Zoé";
    json request = {{"email_address", "zoe@example.com"},
                    {"template_id", template_.id},
                    {"personalisation", personalisation}};
    std::string auth = "Bearer " + SignHs256(service_.id, kNow / kMicrosPerSecond, key_.secret);
    return api_->Handle(
        {"POST", "/v2/notifications/email", "h", auth, "application/json", request.dump(), "r"});
  }

  static std::string Message(const HttpResponse& r) {
    return json::parse(r.body)["errors"][0]["message"];
  }

  std::unique_ptr<Api> api_;
};

const std::string kPdf =
    Base64Encode("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n");

TEST_F(FilesTest, AttachedFileIsStoredWithItsDetectedType) {
  HttpResponse r = Send(
      {{"letter", {{"file", kPdf}, {"filename", "lettre.pdf"}, {"sending_method", "attach"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto stored = store_->GetNotification(service_.id, json::parse(r.body)["id"].get<std::string>());
  json files = json::parse(*stored->attachments_json);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0]["filename"], "lettre.pdf");
  EXPECT_EQ(files[0]["mime_type"], "application/pdf");
  EXPECT_EQ(files[0]["data"], kPdf);
  EXPECT_FALSE(json::parse(stored->personalisation_json).contains("letter"));
}

TEST_F(FilesTest, GovUkShapedFileObjectIsAttachedUnderItsKey) {
  HttpResponse r = Send({{"documents",
                          {{"file", "YSxi"},
                           {"filename", nullptr},
                           {"confirm_email_before_download", nullptr},
                           {"retention_period", nullptr}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto stored = store_->GetNotification(service_.id, json::parse(r.body)["id"].get<std::string>());
  json files = json::parse(*stored->attachments_json);
  EXPECT_EQ(files[0]["filename"], "documents.txt");
  EXPECT_EQ(files[0]["mime_type"], "text/plain");
}

TEST_F(FilesTest, ShapeErrorsUseGcNotifyWording) {
  EXPECT_EQ(Message(Send({{"doc", {{"file", kPdf}, {"sending_method", "post"}}}})),
            "personalisation post is not one of [attach, link]");
  EXPECT_EQ(Message(Send({{"doc", {{"file", kPdf}, {"sending_method", "attach"}}}})),
            "personalisation filename is a required property");
  EXPECT_EQ(Message(Send({{"doc", {{"filename", "a.pdf"}, {"sending_method", "attach"}}}})),
            "personalisation file is a required property");
  EXPECT_EQ(
      Message(Send({{"doc", {{"file", kPdf}, {"filename", "a"}, {"sending_method", "attach"}}}})),
      "personalisation a is too short");
}

TEST_F(FilesTest, CountSizeAndEncodingLimits) {
  json many;
  for (int i = 0; i < 11; ++i) {
    many["f" + std::to_string(i)] = {
        {"file", "YSxi"}, {"filename", "f.csv"}, {"sending_method", "attach"}};
  }
  EXPECT_EQ(Message(Send(many)), "File number exceed allowed limits of 10 with number of 11.");
  EXPECT_EQ(Message(Send(
                {{"doc", {{"file", "YSx"}, {"filename", "a.csv"}, {"sending_method", "attach"}}}})),
            "doc : Incorrect padding : Error decoding base64 field");
  std::string big = Base64Encode(std::string(10'485'761, 'a'));
  EXPECT_EQ(Message(Send(
                {{"doc", {{"file", big}, {"filename", "big.txt"}, {"sending_method", "attach"}}}})),
            "doc : File size for big.txt is 10485761 and greater than allowed limit of 10485760.");
}

TEST_F(FilesTest, UnsupportedTypeAndPermission) {
  std::string zip = Base64Encode(std::string("PK\x03\x04", 4) + std::string(40, '\0'));
  HttpResponse r =
      Send({{"doc", {{"file", zip}, {"filename", "x.zip"}, {"sending_method", "attach"}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Message(r).rfind("Unsupported document type 'application/", 0), 0u) << Message(r);
  Service s = std::move(store_->GetService(service_.id)).value();
  s.permissions = {"email"};
  ASSERT_TRUE(store_->UpdateService(s).ok());
  clock_.Advance(LookupCache::kLifetime + 1);  // past the API's cached copy
  EXPECT_EQ(Message(Send(
                {{"doc", {{"file", kPdf}, {"filename", "a.pdf"}, {"sending_method", "attach"}}}})),
            "Service is not allowed to send documents");
}

TEST_F(FilesTest, LinkSendingIsRefusedPlainly) {
  HttpResponse r =
      Send({{"doc", {{"file", kPdf}, {"filename", "a.pdf"}, {"sending_method", "link"}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Message(r),
            "Sending files by link is not available: use \"sending_method\": \"attach\"");
}

}  // namespace
}  // namespace missive
