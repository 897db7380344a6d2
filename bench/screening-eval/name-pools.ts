// Name pools for the evaluation's Danish hard negatives, curated by hand for
// this evaluation (common Danish, Nordic and immigrant given names and
// surnames as found in Denmark; Danish company-name shapes from the CVR
// register: generic word + legal form, place + generic word, surname +
// trade). They are not taken from the lists and were not used to write the
// matching rules' word tables.
export const DANISH_GIVEN = [
  'Anders', 'Anne', 'Anna', 'Birgitte', 'Bent', 'Bo', 'Camilla', 'Carsten', 'Charlotte', 'Christian', 'Dorthe', 'Emil', 'Emma', 'Erik', 'Frederik', 'Freja',
  'Gitte', 'Hanne', 'Hans', 'Helle', 'Henrik', 'Ida', 'Inge', 'Jakob', 'Jan', 'Jens', 'Jesper', 'Johanne', 'Jonas', 'Julie', 'Jørgen', 'Karen', 'Karin', 'Kasper',
  'Kirsten', 'Kim', 'Klaus', 'Lars', 'Laura', 'Lene', 'Lise', 'Lone', 'Louise', 'Mads', 'Magnus', 'Maria', 'Marie', 'Martin', 'Mathias', 'Mette', 'Michael',
  'Mikkel', 'Morten', 'Niels', 'Nikolaj', 'Ole', 'Oliver', 'Pernille', 'Peter', 'Poul', 'Rasmus', 'Rikke', 'Signe', 'Sofie', 'Susanne', 'Søren', 'Thomas',
  'Tina', 'Torben', 'Troels', 'Ulla', 'Victor', 'William', 'Aksel', 'Asger', 'Ebbe', 'Esben', 'Flemming', 'Gunnar', 'Holger', 'Ib', 'Jytte', 'Kurt', 'Leif',
  'Malene', 'Nanna', 'Palle', 'Sune', 'Tove', 'Vibeke', 'Åse', 'Ditte', 'Ea', 'Liv', 'Alma', 'Clara', 'Ella', 'Karl', 'Otto', 'Valdemar', 'Villads',
];
export const NORDIC_GIVEN = ['Olav', 'Sigrid', 'Ingrid', 'Håkan', 'Björn', 'Sven', 'Astrid', 'Eero', 'Jukka', 'Aino', 'Kjell', 'Solveig', 'Gudrun', 'Einar', 'Ragnhild', 'Pekka', 'Tuomas'];
export const IMMIGRANT_GIVEN = [
  'Ahmad', 'Ali', 'Amina', 'Aisha', 'Fatima', 'Hassan', 'Hussein', 'Ibrahim', 'Khalid', 'Layla', 'Mohammad', 'Mustafa', 'Omar', 'Yusuf', 'Zainab', 'Mehmet',
  'Ayşe', 'Emre', 'Elif', 'Murat', 'Hamza', 'Bilal', 'Imran', 'Zeynep', 'Abdi', 'Hodan', 'Farah', 'Asad', 'Tariq', 'Nadia', 'Reza', 'Parisa', 'Dariusz',
  'Agnieszka', 'Tomasz', 'Katarzyna', 'Piotr', 'Marta', 'Emir', 'Amra', 'Adnan', 'Senad', 'Thi', 'Minh', 'Linh', 'Duc', 'Priya', 'Rahul', 'Arjun', 'Sana',
];
export const DANISH_SURNAMES = [
  'Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen',
  'Olsen', 'Thomsen', 'Christiansen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen', 'Knudsen', 'Jakobsen', 'Mikkelsen', 'Frederiksen', 'Laursen', 'Henriksen',
  'Lund', 'Holm', 'Schmidt', 'Eriksen', 'Kristiansen', 'Simonsen', 'Clausen', 'Svendsen', 'Andreasen', 'Iversen', 'Østergaard', 'Jeppesen', 'Vestergaard',
  'Nissen', 'Lauridsen', 'Kjær', 'Dam', 'Bach', 'Berg', 'Mogensen', 'Skov', 'Bang', 'Juhl', 'Thygesen', 'Winther', 'Bjerre', 'Gregersen', 'Dahl', 'Munk',
  'Kjeldsen', 'Søgaard', 'Bruun', 'Friis', 'Lind', 'Krog', 'Brandt', 'Kofoed', 'Hedegaard', 'Overgaard', 'Damgaard', 'Lindberg', 'Rask', 'Storm',
];
export const IMMIGRANT_SURNAMES = [
  'Hussein', 'Ali', 'Mohamed', 'Ahmed', 'Khan', 'Yilmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Nguyen', 'Tran', 'Le', 'Abdi', 'Warsame', 'Farah',
  'Hassan', 'Ibrahim', 'Omar', 'Nowak', 'Kowalski', 'Wiśniewski', 'Hodžić', 'Hadžić', 'Begić', 'Karimi', 'Hosseini', 'Rezaei', 'Ahmadi', 'Shah', 'Singh',
  'Malik', 'Butt', 'Qureshi', 'Saleh', 'Haddad', 'Khalil', 'Nasser', 'Aziz',
];
export const PLACES = ['Aarhus', 'Odense', 'Aalborg', 'Esbjerg', 'Randers', 'Kolding', 'Horsens', 'Vejle', 'Roskilde', 'Herning', 'Silkeborg', 'Næstved', 'Fredericia', 'Viborg', 'Køge', 'Holstebro', 'Slagelse', 'Hillerød', 'Svendborg', 'Nordsjælland', 'Amager', 'Vesterbro', 'Nørrebro', 'Fyn', 'Jylland', 'Sjælland', 'Bornholm', 'Skagen', 'Ringkøbing', 'Hvidovre'];
export const COMPANY_WORDS = [
  'Holding', 'Invest', 'Ejendomme', 'Consult', 'Consulting', 'Trading', 'Handel', 'International', 'Group', 'Gruppen', 'Management', 'Capital', 'Partners',
  'Service', 'Byg', 'Entreprise', 'Transport', 'Logistik', 'Import', 'Export', 'Finans', 'Development', 'Solutions', 'Systems', 'Tech', 'Media', 'Design',
  'Rådgivning', 'Revision', 'Ejendomsselskab', 'Investment', 'Shipping', 'Energy', 'Food', 'Auto', 'Maskinfabrik', 'Tømrer', 'VVS', 'El-Service', 'Rengøring',
];
export const DANISH_LEGAL_FORMS = ['ApS', 'A/S', 'I/S', 'P/S', 'K/S', 'IVS', 'Holding ApS', 'A.m.b.A.'];

/** Homophone Han characters (same Mandarin reading, different character): two names that romanise alike. */
export const HAN_BY_SYLLABLE: Record<string, string[]> = {
  zhang: ['张', '章'], li: ['李', '黎', '理'], wang: ['王', '汪'], liu: ['刘', '柳'], chen: ['陈', '晨'], yang: ['杨', '阳'], huang: ['黄', '皇'], zhao: ['赵', '照'],
  wu: ['吴', '武'], zhou: ['周', '州'], xu: ['徐', '许'], sun: ['孙'], ma: ['马', '麻'], zhu: ['朱', '祝'], hu: ['胡', '湖'], guo: ['郭', '国'], lin: ['林', '琳'],
  he: ['何', '贺'], gao: ['高'], luo: ['罗'], zheng: ['郑', '正'], liang: ['梁', '亮'], wei: ['伟', '卫', '魏'], ming: ['明', '鸣'], hua: ['华', '花'], jun: ['军', '君'],
  ping: ['平', '萍'], jing: ['静', '晶', '京'], qiang: ['强'], hong: ['红', '宏'], yong: ['勇', '永'], jie: ['杰', '洁'], tao: ['涛', '陶'], bin: ['斌', '彬'],
  hai: ['海'], feng: ['峰', '锋', '冯'], gang: ['刚', '钢'], jian: ['建', '健'], xin: ['新', '欣'], yan: ['燕', '艳', '严'], fang: ['芳', '方'], dong: ['东', '冬'],
  xiao: ['小', '晓'], long: ['龙'], tian: ['天', '田'], yu: ['玉', '宇', '余'], min: ['敏', '民'], qing: ['清', '青'], guang: ['光', '广'], de: ['德'], kai: ['凯'],
};
/** Korean surnames and syllables in Hangul. */
export const HANGUL_SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임'];
export const HANGUL_SYLLABLES = ['민', '준', '서', '연', '지', '현', '우', '진', '수', '영', '성', '호', '은', '정', '철', '광', '명', '선'];
