/** Name pools for the demo base: Russian, Macedonian and English, companies and people. */
export const RU_FIRST_M = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Иван', 'Михаил', 'Николай', 'Павел', 'Олег', 'Виктор'];
export const RU_FIRST_F = ['Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Анна', 'Мария', 'Светлана', 'Юлия', 'Екатерина'];
export const RU_LAST = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров'];
export const MK_FIRST = ['Марко', 'Никола', 'Стефан', 'Ана', 'Елена', 'Марија', 'Горан', 'Бојан', 'Ивана', 'Сара'];
export const MK_LAST = ['Петровски', 'Николовски', 'Стојановски', 'Трајковски', 'Јовановски', 'Димитриевски', 'Георгиевски'];
export const EN_FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Susan', 'Daniel', 'Emma'];
export const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Walker', 'Hall'];
export const RU_COMPANY_WORDS = ['Альфа', 'Вектор', 'Сибирь', 'Восток', 'Техно', 'Строй', 'Торг', 'Лидер', 'Гарант', 'Прогресс', 'Север', 'Нева', 'Урал', 'Меридиан', 'Орион', 'Феникс'];
export const RU_COMPANY_SUFFIX = ['', 'Трейд', 'Снаб', 'Сервис', 'Групп', 'Маркет', 'Пром'];
export const EN_COMPANY_WORDS = ['Northwind', 'Blue River', 'Summit', 'Oakwood', 'Harbor', 'Pioneer', 'Silverline', 'Keystone', 'Evergreen', 'Redwood'];
export const EN_COMPANY_SUFFIX = ['Trading', 'Foods', 'Supplies', 'Logistics', 'Retail', 'Partners'];
export const RU_CITIES = ['Москва', 'Санкт-Петербург', 'Новосибирск', 'Екатеринбург', 'Казань', 'Нижний Новгород', 'Самара', 'Краснодар'];
export const MK_CITIES = ['Скопје', 'Битола', 'Охрид', 'Куманово', 'Тетово'];
export const EN_CITIES = ['London', 'Manchester', 'Leeds', 'Bristol', 'Dublin'];
export const STREETS_RU = ['ул. Ленина', 'пр. Мира', 'ул. Садовая', 'ул. Гагарина', 'ул. Советская', 'Невский пр.'];
export const ROLES = ['Директор', 'Закупщик', 'Бухгалтер', 'Менеджер по закупкам', 'Главный инженер', 'Purchasing manager', 'CEO'];
export const SEGMENTS = ['Опт', 'Розница', 'HoReCa', 'Дистрибьютор', 'Госзаказ'];
export const TAGS = ['VIP', 'новый', 'сезонный', 'проблемный', 'рекомендатель', 'экспорт'];
export const CATEGORIES: [string, string[], number][] = [
  // category, products, typical unit price
  ['Хлеб', ['Батон нарезной', 'Хлеб бородинский', 'Багет'], 60],
  ['Молочная продукция', ['Масло сливочное', 'Сыр российский', 'Кефир', 'Творог'], 180],
  ['Бакалея', ['Мука в/с', 'Сахар', 'Гречка', 'Рис'], 90],
  ['Напитки', ['Сок яблочный', 'Вода минеральная', 'Чай чёрный'], 120],
  ['Кондитерские изделия', ['Торт', 'Печенье', 'Конфеты'], 350],
  ['Упаковка', ['Коробка картонная', 'Пакет', 'Плёнка стретч'], 40],
];
