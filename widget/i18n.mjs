// The widget's own words in English and Persian, and numbers in the visitor's digits.
const strings = {
  en: { launcher: 'Feedback', close: 'Close', send: 'Send', skip: 'Skip', next: 'Next',
        thanks: 'Thank you! We received your answer.', counter: '{n} of {max} characters',
        offline: 'Saved. It will be sent when you are back online.' },
  fa: { launcher: 'بازخورد', close: 'بستن', send: 'ارسال', skip: 'رد شدن', next: 'بعدی',
        thanks: 'ممنون! پاسخ شما ثبت شد.', counter: '{n} از {max} نویسه',
        offline: 'ذخیره شد. وقتی دوباره آنلاین شوید فرستاده می‌شود.' },
};

export function words(locale) {
  return strings[String(locale).split('-')[0]] ?? strings.en;
}

// 7 -> "7" in English, "۷" in Persian.
export function formatNumber(value, locale) {
  return new Intl.NumberFormat(locale).format(value);
}
