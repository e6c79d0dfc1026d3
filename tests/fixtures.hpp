// Shared test fixtures: a realistic bilingual survey definition and a valid response to it.
#pragma once

#include <nlohmann/json.hpp>

namespace sada::test {

// NPS with different follow-ups for detractors and promoters, CSAT with labels, a choice, a
// multiple choice with a limit and an optional comment, in English and Persian.
inline nlohmann::json checkout_survey() {
    return nlohmann::json::parse(R"({
      "id": "checkout-nps",
      "version": 3,
      "title": {"en": "Quick question", "fa": "یک سؤال کوتاه"},
      "questions": [
        {"id": "nps", "type": "nps", "required": true,
         "text": {"en": "How likely are you to recommend us to a friend or colleague?",
                  "fa": "چقدر احتمال دارد ما را به دوست یا همکارتان پیشنهاد کنید؟"},
         "scale": {"min": 0, "max": 10, "min_label": {"en": "Not at all likely"}, "max_label": {"en": "Extremely likely"}}},
        {"id": "why_low", "type": "text", "max_length": 500,
         "text": {"en": "Sorry to hear that. What went wrong?", "fa": "متأسفیم. چه مشکلی پیش آمد؟"},
         "show_if": {"question": "nps", "op": "lte", "value": 6}},
        {"id": "why_high", "type": "text",
         "text": {"en": "Great! What did you like most?", "fa": "عالی! چه چیزی را بیشتر پسندیدید؟"},
         "show_if": {"question": "nps", "op": "gte", "value": 9}},
        {"id": "csat", "type": "csat",
         "text": {"en": "How satisfied were you with checkout?", "fa": "از فرایند پرداخت چقدر راضی بودید؟"},
         "scale": {"min": 1, "max": 5, "labels": [
           {"en": "Very dissatisfied", "fa": "خیلی ناراضی"}, {"en": "Dissatisfied", "fa": "ناراضی"},
           {"en": "Neutral", "fa": "معمولی"}, {"en": "Satisfied", "fa": "راضی"}, {"en": "Very satisfied", "fa": "خیلی راضی"}]}},
        {"id": "payment", "type": "single_choice",
         "text": {"en": "How did you pay?", "fa": "چطور پرداخت کردید؟"},
         "options": [{"id": "card", "label": {"en": "Card", "fa": "کارت"}},
                     {"id": "wallet", "label": {"en": "Wallet", "fa": "کیف پول"}},
                     {"id": "cod", "label": {"en": "Cash on delivery", "fa": "پرداخت در محل"}}]},
        {"id": "issues", "type": "multi_choice", "max_choices": 2,
         "text": {"en": "Did anything get in your way?", "fa": "آیا مشکلی داشتید؟"},
         "options": [{"id": "slow", "label": {"en": "Slow page"}}, {"id": "price", "label": {"en": "Unclear price"}},
                     {"id": "shipping", "label": {"en": "Shipping cost"}}],
         "show_if": {"any": [{"question": "csat", "op": "lte", "value": 3}, {"question": "payment", "op": "eq", "value": "cod"}]}},
        {"id": "ces", "type": "ces",
         "text": {"en": "The company made it easy for me to handle my issue.", "fa": "شرکت رسیدگی به مشکلم را برایم آسان کرد."}}
      ],
      "trigger": {"on": "event", "event": "checkout_completed", "delay_seconds": 2,
                  "url": {"include": ["/checkout/*"]}, "sample_percent": 50},
      "throttle": {"not_again_for_days": 90, "never_after_completion": true}
    })");
}

// A valid response by a promoter who paid by card (so "why_low" and "issues" stay hidden).
inline nlohmann::json promoter_response() {
    return nlohmann::json::parse(R"({
      "id": "0193a5c2-7b4e-7c3d-9f10-2a3b4c5d6e7f",
      "survey_id": "checkout-nps",
      "survey_version": 3,
      "submitted_at": "2026-11-23T04:46:29.123Z",
      "answers": {"nps": 10, "why_high": "ارسال خیلی سریع بود، ممنون!", "csat": 5, "payment": "card", "ces": 6},
      "context": {"page": "/checkout/done", "stage": "purchase", "device": "mobile", "locale": "fa",
                  "channel": "web", "visitor": "v-42", "attributes": {"plan": "gold", "orders": 7, "b2b": false}}
    })");
}

}  // namespace sada::test
