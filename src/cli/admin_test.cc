#include "cli/admin.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/uuid.h"
#include "store/sqlite_store.h"

namespace missive::cli {
namespace {

TEST(EmailLocalPart, FoldsAccentsAndSpaces) {
  EXPECT_EQ(EmailLocalPartFor("Agence du Revenu"), "agence.du.revenu");
  EXPECT_EQ(EmailLocalPartFor("Santé  Canada"), "sante.canada");
  EXPECT_EQ(EmailLocalPartFor("Emploi & Développement"), "emploi.developpement");
  EXPECT_EQ(EmailLocalPartFor("  ...  "), "");
}

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("missive-cli-" + NewUuid());
    store_ = std::move(OpenSqliteStore({.data_dir = dir_.string()})).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(AdminTest, ServicesAreTrialUnlessLive) {
  auto trial = CreateService(*store_, "Trial", std::nullopt, false);
  auto live = CreateService(*store_, "Live", "live.service", true);
  ASSERT_TRUE(trial.ok() && live.ok());
  EXPECT_TRUE(trial->restricted);
  EXPECT_FALSE(live->restricted);
  EXPECT_EQ(trial->email_from, "trial");
  EXPECT_EQ(live->email_from, "live.service");
}

TEST_F(AdminTest, DuplicateServiceNameIsRefused) {
  ASSERT_TRUE(CreateService(*store_, "Same", std::nullopt, false).ok());
  auto again = CreateService(*store_, "Same", "other", false);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(AdminTest, KeyForUnknownServiceIsRefused) {
  auto key = CreateKey(*store_, NewUuid(), "k", KeyType::kNormal);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, ErrorCode::kNotFound);
}

TEST_F(AdminTest, EmailTemplateNeedsASubject) {
  auto service = CreateService(*store_, "S", std::nullopt, true);
  auto t = CreateTemplate(*store_, service->id, TemplateType::kEmail, "T", std::nullopt, "Hi");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kInvalid);
  auto sms = CreateTemplate(*store_, service->id, TemplateType::kSms, "T", "ignored", "Hi");
  ASSERT_TRUE(sms.ok());
  EXPECT_EQ(sms->subject, std::nullopt);
}

TEST_F(AdminTest, TemplateLimitsAreGcNotifys) {
  auto service = CreateService(*store_, "S", std::nullopt, true);
  auto long_sms = CreateTemplate(*store_, service->id, TemplateType::kSms, "T", std::nullopt,
                                 std::string(613, 'a'));
  ASSERT_FALSE(long_sms.ok());
  EXPECT_EQ(long_sms.error().message,
            "Content has a character count greater than the limit of 612");
  EXPECT_TRUE(CreateTemplate(*store_, service->id, TemplateType::kSms, "T", std::nullopt,
                             std::string(612, 'a'))
                  .ok());
  auto long_name =
      CreateTemplate(*store_, service->id, TemplateType::kEmail, std::string(256, 'n'), "s", "b");
  EXPECT_EQ(long_name.error().message, "Template name must be less than 255 characters");
  auto long_email = CreateTemplate(*store_, service->id, TemplateType::kEmail, "E", "s",
                                   std::string(50'001, 'a'));
  EXPECT_EQ(long_email.error().message,
            "Content has a character count greater than the limit of 50000");
}

}  // namespace
}  // namespace missive::cli
