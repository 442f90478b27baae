package index

// OpenTestBleve is openTestBleve for the external tests of package index_test.
var OpenTestBleve = openTestBleve
